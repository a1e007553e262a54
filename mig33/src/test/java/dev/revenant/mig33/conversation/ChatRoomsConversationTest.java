package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat rooms (spec §6): lists, joining, room lines, moderation, over real TCP with several clients. */
class ChatRoomsConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    private Mig33TestServer start(Mig33Config config) {
        server = new Mig33TestServer(dir, config);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void officialRoom(String name, int capacity, String... admins) {
        server.admin().addRoom(new Mig33Admin.RoomSpec(name, "About " + name, capacity, null, List.of(admins), "en",
                false, true, "chat " + name.toLowerCase()));
    }

    private static List<String> names(List<Packet> answer) {
        return answer.stream().filter(p -> p.type() == PacketType.CHATROOM).map(p -> p.string(1)).toList();
    }

    private static Packet last(List<Packet> answer) {
        return answer.get(answer.size() - 1);
    }

    @Test
    void listSearchAndPages() {
        start(Mig33Config.defaults());
        server.register("alice");
        for (int i = 1; i <= 12; i++) {
            officialRoom(String.format("Room %02d", i), 50);
        }
        officialRoom("Kuala Lumpur", 50);
        Mig33Client alice = server.loggedIn("alice");

        List<Packet> first = alice.chatRooms("", 1);
        assertThat(names(first)).hasSize(10).startsWith("Kuala Lumpur", "Room 01");
        assertThat(last(first).type()).isEqualTo(PacketType.GET_CHATROOMS_COMPLETE);
        assertThat(last(first).integer(1, 0)).as("13 rooms, 10 a page").isEqualTo(2);
        assertThat(last(first).string(2)).contains("13 rooms").contains("page 1 of 2");
        assertThat(first).allMatch(p -> p.txn() == first.get(0).txn());
        assertThat(names(alice.chatRooms("", 2))).containsExactly("Room 10", "Room 11", "Room 12");

        List<Packet> search = alice.chatRooms("kuala", 1);
        assertThat(names(search)).containsExactly("Kuala Lumpur");
        assertThat(last(search).string(2)).isEqualTo("1 room matches \"kuala\", page 1 of 1");
        Packet kl = search.get(0);
        assertThat(kl.string(2)).isEqualTo("About Kuala Lumpur");
        assertThat(kl.integer(3, 0)).isEqualTo(50);
        assertThat(kl.integer(4, -1)).isZero();
        assertThat(kl.integer(6, 0)).as("an operator's room is official").isEqualTo(3);
        assertThat(kl.integer(7, -1)).isZero();
        assertThat(names(alice.chatRooms("chat room 0", 1))).as("keywords match too").hasSize(9);
        List<Packet> none = alice.chatRooms("zzz%", 1);
        assertThat(names(none)).isEmpty();
        assertThat(last(none).string(2)).contains("No chat room matches");
    }

    @Test
    void joinLinesAndLeave() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.connect();
        bob.login("bob", Mig33TestServer.password("bob"), 440, 1);
        Mig33Client carol = server.loggedIn("carol");

        Packet joined = alice.joinChatRoom("lobby");
        assertThat(joined.type()).as("a 4.20 client gets OK").isEqualTo(PacketType.OK);
        Packet welcome = alice.awaitRoomMessage("Lobby", "Lobby");
        assertThat(welcome.string(8)).startsWith("Welcome to Lobby");
        assertThat(welcome.integer(3, 0)).isEqualTo(3);
        alice.awaitRoomLine("Lobby", "alice has entered");

        Packet described = bob.joinChatRoom("Lobby");
        assertThat(described.type()).as("a 4.40 client gets the room").isEqualTo(PacketType.CHATROOM);
        assertThat(described.string(1)).isEqualTo("Lobby");
        assertThat(described.integer(4, 0)).as("size with bob in it").isEqualTo(2);
        bob.awaitRoomLine("Lobby", "bob has entered");
        alice.awaitRoomLine("Lobby", "bob has entered");

        Packet ok = alice.sendRoomMessage("Lobby", "hello room");
        assertThat(ok.string(1)).isNotBlank();
        Packet heard = bob.awaitRoomMessage("Lobby", "alice");
        assertThat(heard.string(8)).isEqualTo("hello room");
        assertThat(heard.string(4)).isEqualTo("Lobby");
        assertThat(heard.integer(3, 0)).isEqualTo(3);
        assertThat(heard.string(15)).isEqualTo(ok.string(1));

        // bob answers; alice gets his line, and had her own been echoed it would have come first
        bob.sendRoomMessage("Lobby", "hi alice");
        assertThat(alice.awaitRoomMessage("Lobby", "bob").string(8)).isEqualTo("hi alice");
        assertThat(alice.hasReceived(p -> p.type() == PacketType.MESSAGE && "alice".equals(p.string(2))))
                .as("the sender does not get its own line").isFalse();

        assertThatThrownBy(() -> carol.sendRoomMessage("Lobby", "let me in")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("not in the chat room");
        assertThatThrownBy(() -> carol.joinChatRoom("Nowhere")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("no chat room called Nowhere");

        Packet list = alice.chatRoomParticipants("Lobby");
        assertThat(list.string(1)).isEqualTo("Lobby");
        assertThat(list.string(2)).isEqualTo("alice;bob;");
        assertThat(list.string(3)).isEmpty();
        assertThat(list.string(4)).isEmpty();
        assertThatThrownBy(() -> carol.chatRoomParticipants("Lobby")).isInstanceOf(Mig33Exception.class);

        assertThat(names(carol.chatRooms("lobby", 1))).containsExactly("Lobby");
        assertThat(carol.chatRooms("lobby", 1).get(0).integer(4, 0)).as("the list shows who is in").isEqualTo(2);

        bob.leaveChatRoom("Lobby");
        alice.awaitRoomLine("Lobby", "bob has left");
        assertThat(alice.chatRoomParticipants("Lobby").string(2)).isEqualTo("alice;");
        assertThatThrownBy(() -> bob.leaveChatRoom("Lobby")).isInstanceOf(Mig33Exception.class);
        assertThatThrownBy(() -> bob.sendRoomMessage("Lobby", "still here?")).isInstanceOf(Mig33Exception.class);
    }

    @Test
    void leavingOnLogoutAndLostConnection() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        alice.joinChatRoom("Lobby");
        bob.joinChatRoom("Lobby");
        carol.joinChatRoom("Lobby");

        bob.close(); // the connection is lost, no LOGOUT
        alice.awaitRoomLine("Lobby", "bob has left");
        carol.logout();
        alice.awaitRoomLine("Lobby", "carol has left");
        assertThat(alice.chatRoomParticipants("Lobby").string(2)).isEqualTo("alice;");
    }

    @Test
    void theUsersOfANodeThatDiesLeaveTheirRoomsOnceTheirSessionsExpire() {
        start(Mig33Config.defaults());
        assumeTrue(server.size() > 1, "a node dies only among several (-Drevenant.test.nodes)");
        server.register("alice", "bob");
        officialRoom("Lobby", 2);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob"); // on the next node
        alice.joinChatRoom("Lobby");
        bob.joinChatRoom("Lobby");
        alice.awaitRoomLine("Lobby", "bob has entered");

        server.kill(1);
        assertThat(bob.awaitClosed(Duration.ofSeconds(10))).isTrue();
        // bob's entry in the session directory expires (cluster.sessionTtl), then a node's sweep finds his seat dead
        alice.timeout(Duration.ofSeconds(30)).awaitRoomLine("Lobby", "bob has left");
        assertThat(alice.chatRoomParticipants("Lobby").string(2)).isEqualTo("alice;");
        Mig33Client bobAgain = server.loggedIn("bob");
        assertThat(bobAgain.joinChatRoom("Lobby").type()).as("his dead seat no longer fills the room")
                .isEqualTo(PacketType.OK);
        alice.awaitRoomLine("Lobby", "bob has entered");
    }

    @Test
    void capacityIsEnforced() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol");
        officialRoom("Small", 2);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        alice.joinChatRoom("Small");
        bob.joinChatRoom("Small");
        assertThatThrownBy(() -> carol.joinChatRoom("Small")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("is full");
        alice.joinChatRoom("Small");
        assertThat(alice.chatRoomParticipants("Small").string(2)).as("joining again takes no second place")
                .isEqualTo("alice;bob;");
        bob.leaveChatRoom("Small");
        carol.joinChatRoom("Small");
        assertThat(alice.chatRoomParticipants("Small").string(2)).isEqualTo("alice;carol;");
    }

    @Test
    void usersCreateRoomsUpToTheirLimit() {
        start(Mig33Config.defaults().toBuilder().rooms(2, 7, Duration.ofMinutes(10)).build());
        server.register("alice", "bob");
        Mig33Client alice = server.loggedIn("alice");
        alice.createChatRoom("Alice Place", "Come in", "cats dogs", true);
        alice.createChatRoom("Second", "", "", false);
        assertThatThrownBy(() -> alice.createChatRoom("Third", "", "", true)).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("at most 2");
        Mig33Client bob = server.loggedIn("bob");
        assertThatThrownBy(() -> bob.createChatRoom("alice place", "", "", true)).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("already");
        assertThatThrownBy(() -> bob.createChatRoom("a;b", "", "", true)).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("Invalid room name");

        Packet room = bob.chatRooms("cats", 1).get(0);
        assertThat(room.string(1)).isEqualTo("Alice Place");
        assertThat(room.integer(3, 0)).as("the configured capacity").isEqualTo(7);
        assertThat(room.integer(6, 0)).isEqualTo(4);
        assertThat(room.integer(7, 0)).isEqualTo(1);
        assertThat(room.string(10)).isEqualTo("alice");
        assertThat(names(bob.categorizedChatRooms(4))).containsExactly("Alice Place", "Second");
    }

    @Test
    void categoriesAndFavourites() {
        start(Mig33Config.defaults());
        server.register("alice", "bob");
        officialRoom("Lobby", 50);
        officialRoom("Music", 50);
        Mig33Client alice = server.loggedIn("alice");
        alice.createChatRoom("Alice Place", "", "", true);

        List<Packet> categories = alice.chatRoomCategories();
        assertThat(categories).extracting(p -> p.integer(1, 0)).containsExactly(1, 2, 3, 4, 0);
        assertThat(categories.get(0).string(2)).isEqualTo("Favourites");
        assertThat(categories.get(0).integer(5, 0)).as("favourites can be removed").isEqualTo(1);
        assertThat(last(categories).type()).isEqualTo(PacketType.GET_CHATROOM_CATEGORIES_COMPLETE);

        assertThat(names(alice.categorizedChatRooms(3))).containsExactly("Lobby", "Music");
        assertThat(names(alice.categorizedChatRooms(4))).containsExactly("Alice Place");
        List<Packet> favourites = alice.categorizedChatRooms(1);
        assertThat(names(favourites)).isEmpty();
        assertThat(last(favourites).type()).isEqualTo(PacketType.GET_CATEGORIZED_CHATROOMS_COMPLETE);

        alice.addFavouriteChatRoom("music");
        alice.addFavouriteChatRoom("Alice Place");
        assertThat(names(alice.categorizedChatRooms(1))).containsExactly("Music", "Alice Place");
        alice.removeFavouriteChatRoom(1, "Music");
        assertThat(names(alice.categorizedChatRooms(1))).containsExactly("Alice Place");
        assertThatThrownBy(() -> alice.removeFavouriteChatRoom(1, "Music")).isInstanceOf(Mig33Exception.class);
        assertThatThrownBy(() -> alice.addFavouriteChatRoom("Nowhere")).isInstanceOf(Mig33Exception.class);

        assertThat(names(alice.categorizedChatRooms(2))).as("nobody in any room").isEmpty();
        Mig33Client bob = server.loggedIn("bob");
        bob.joinChatRoom("Music");
        alice.joinChatRoom("Lobby");
        bob.joinChatRoom("Lobby");
        List<Packet> popular = alice.categorizedChatRooms(2);
        assertThat(names(popular)).as("busiest first").containsExactly("Lobby", "Music");
        // a room listed under a category carries that category (the real clients file each room under its
        // field 6: 4.62 showed "Popular now" empty when its rooms said "official")
        assertThat(popular.stream().filter(r -> r.type() == PacketType.CHATROOM)).extracting(r -> r.integer(6, 0))
                .containsOnly(2);
        assertThat(alice.categorizedChatRooms(1).stream().filter(r -> r.type() == PacketType.CHATROOM))
                .extracting(r -> r.integer(6, 0)).containsOnly(1);
        assertThat(alice.call(alice.request(PacketType.GET_CATEGORIZED_CHATROOMS).int16(1, 99).build()).type())
                .isEqualTo(PacketType.ERROR);
    }

    @Test
    void aVoteKickNeedsMoreThanHalfOfTheOthersAndBansTheUser() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol", "troll");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        Mig33Client troll = server.loggedIn("troll");
        for (Mig33Client c : List.of(alice, bob, carol, troll)) {
            c.joinChatRoom("Lobby");
        }

        // three others besides the troll: a kick needs two votes
        alice.kickFromChatRoom("Lobby", "troll");
        carol.awaitRoomLine("Lobby", "alice has voted to kick troll (1 of 2 votes)");
        assertThat(carol.chatRoomParticipants("Lobby").string(2)).as("one vote is not enough").contains("troll;");
        assertThatThrownBy(() -> alice.kickFromChatRoom("Lobby", "troll")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("already");
        assertThatThrownBy(() -> troll.kickFromChatRoom("Lobby", "troll")).isInstanceOf(Mig33Exception.class);

        bob.kickFromChatRoom("Lobby", "troll");
        carol.awaitRoomLine("Lobby", "troll has been kicked out of the room by vote");
        troll.awaitRoomLine("Lobby", "troll has been kicked out of the room by vote");
        assertThat(carol.chatRoomParticipants("Lobby").string(2)).isEqualTo("alice;bob;carol;");
        assertThatThrownBy(() -> troll.sendRoomMessage("Lobby", "ha")).isInstanceOf(Mig33Exception.class);
        assertThatThrownBy(() -> troll.joinChatRoom("Lobby")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("You were kicked out of Lobby").hasMessageContaining("10 minutes");
    }

    @Test
    void withoutABanAKickedUserMayComeBack() {
        start(Mig33Config.defaults().toBuilder().rooms(3, 50, Duration.ZERO).build());
        server.register("alice", "troll");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client troll = server.loggedIn("troll");
        alice.joinChatRoom("Lobby");
        troll.joinChatRoom("Lobby");
        alice.kickFromChatRoom("Lobby", "troll"); // the only other participant: one vote is a majority
        alice.awaitRoomLine("Lobby", "troll has been kicked out of the room by vote");
        troll.joinChatRoom("Lobby");
        alice.awaitRoomLine("Lobby", "troll has entered");
    }

    @Test
    void ownerAndAdministratorsKickAtOnceAndRoomsMayRefuseVotes() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol", "dave", "eve");
        server.admin().addRoom(new Mig33Admin.RoomSpec("Quiet", "", 50, "alice", List.of("bob"), "en", false, false, ""));
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        Mig33Client dave = server.loggedIn("dave");
        Mig33Client eve = server.loggedIn("eve");
        for (Mig33Client c : List.of(alice, bob, carol, dave, eve)) {
            c.joinChatRoom("Quiet");
        }
        assertThat(carol.chatRoomParticipants("Quiet").string(3)).isEqualTo("alice;bob;");

        assertThatThrownBy(() -> carol.kickFromChatRoom("Quiet", "dave")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("Kicking is not allowed");
        assertThatThrownBy(() -> carol.kickFromChatRoom("Quiet", "bob")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("administrator");

        bob.kickFromChatRoom("Quiet", "dave");
        carol.awaitRoomLine("Quiet", "dave has been kicked out of the room by bob");
        alice.kickFromChatRoom("Quiet", "eve");
        carol.awaitRoomLine("Quiet", "eve has been kicked out of the room by alice");
        assertThat(carol.chatRoomParticipants("Quiet").string(2)).isEqualTo("alice;bob;carol;");
        assertThatThrownBy(() -> dave.joinChatRoom("Quiet")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("kicked out");
    }

    @Test
    void aKickedUserHearsTheKickAndNoLineAfterItWhicheverNodeTheyAreOn() {
        // across nodes the three are on three nodes: the kick is made on alice's, troll sits on another
        start(Mig33Config.defaults());
        server.register("alice", "bob", "troll");
        officialRoom("Lobby", 50, "alice");
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client troll = server.loggedIn("troll");
        for (Mig33Client c : List.of(alice, bob, troll)) {
            c.joinChatRoom("Lobby");
        }
        alice.kickFromChatRoom("Lobby", "troll");
        troll.awaitRoomLine("Lobby", "troll has been kicked out of the room by alice");

        bob.sendRoomMessage("Lobby", "is he gone?");
        bob.sendMessage("troll", "you missed a line");
        // bob's node sent his room line before his private message, and troll's node writes to troll in the
        // order it hears them: the private message having come, the line was not written to troll
        troll.await(p -> p.type() == PacketType.MESSAGE && p.integer(3, 0) == 1 && "bob".equals(p.string(2)),
                "bob's private message");
        assertThat(troll.hasReceived(p -> p.type() == PacketType.MESSAGE && "is he gone?".equals(p.string(8))))
                .as("a line after the kick").isFalse();
        assertThat(alice.awaitRoomMessage("Lobby", "bob").string(8)).isEqualTo("is he gone?");
    }

    @Test
    void muteAndUnmute() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol");
        officialRoom("Lobby", 50, "alice");
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        for (Mig33Client c : List.of(alice, bob, carol)) {
            c.joinChatRoom("Lobby");
        }
        assertThatThrownBy(() -> carol.muteInChatRoom("Lobby", "bob", true)).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("Only the owner and administrators");

        alice.muteInChatRoom("Lobby", "bob", true);
        carol.awaitRoomLine("Lobby", "bob has been muted by alice");
        assertThat(carol.chatRoomParticipants("Lobby").string(4)).isEqualTo("bob;");
        assertThatThrownBy(() -> bob.sendRoomMessage("Lobby", "can you hear me")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("muted");

        alice.muteInChatRoom("Lobby", "bob", false);
        carol.awaitRoomLine("Lobby", "bob may speak again");
        bob.sendRoomMessage("Lobby", "back");
        assertThat(carol.awaitRoomMessage("Lobby", "bob").string(8)).isEqualTo("back");
        assertThat(carol.hasReceived(p -> p.type() == PacketType.MESSAGE && "can you hear me".equals(p.string(8))))
                .as("the muted line went to nobody").isFalse();
    }

    @Test
    void roomsFavouritesAndBansSurviveARestart() {
        start(Mig33Config.defaults());
        server.register("alice", "troll");
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client troll = server.loggedIn("troll");
        alice.createChatRoom("Alice Place", "Mine", "", true);
        alice.addFavouriteChatRoom("Alice Place");
        alice.joinChatRoom("Alice Place");
        troll.joinChatRoom("Alice Place");
        alice.kickFromChatRoom("Alice Place", "troll");
        alice.awaitRoomLine("Alice Place", "troll has been kicked out of the room by alice");

        server.restart();

        Mig33Client alice2 = server.loggedIn("alice");
        Mig33Client troll2 = server.loggedIn("troll");
        assertThat(names(alice2.chatRooms("alice", 1))).containsExactly("Alice Place");
        assertThat(names(alice2.categorizedChatRooms(1))).containsExactly("Alice Place");
        assertThatThrownBy(() -> troll2.joinChatRoom("Alice Place")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("kicked out");
        assertThatThrownBy(() -> alice2.createChatRoom("ALICE PLACE", "", "", true)).isInstanceOf(Mig33Exception.class);
    }

    @Test
    void emptyAndMalformedRoomRequestsGetErrorsAndTheSessionLives() {
        start(Mig33Config.defaults().toBuilder().rates(0, 0).build());
        server.register("alice", "bob");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.joinChatRoom("Lobby");
        for (int type = PacketType.GET_CHATROOMS; type <= PacketType.GET_CATEGORIZED_CHATROOMS_COMPLETE; type++) {
            Packet empty = alice.call(alice.request(type).build());
            boolean answersWithoutFields = type == PacketType.GET_CHATROOMS || type == PacketType.GET_CHATROOM_CATEGORIES;
            assertThat(empty.type() == PacketType.ERROR).as("type %d without fields", type).isNotEqualTo(answersWithoutFields);
            // numbers of 3 bytes, strings of invalid UTF-8 and a room name of 0x00 bytes
            Packet garbage = alice.call(alice.request(type).bytes(1, new byte[] {0, 0, 0}).bytes(2, new byte[] {1, 2, 3})
                    .bytes(3, new byte[] {(byte) 0xC3}).bytes(4, new byte[] {(byte) 0xFF, 0}).bytes(5, new byte[3]).build());
            assertThat(garbage.type()).as("type %d with garbage", type).isIn(PacketType.ERROR, PacketType.GET_CHATROOMS_COMPLETE,
                    PacketType.CHATROOM_CATEGORY);
            assertThat(garbage.string(2, "")).as("bad input is the client's, not a store failure")
                    .doesNotContain("temporarily unavailable");
        }
        Packet nulDescription = alice.call(alice.request(PacketType.CREATE_CHATROOM).string(2, "a\u0000b")
                .string(1, "Fine Name").build());
        assertThat(nulDescription.type()).as("a NUL is stripped, not refused").isNotEqualTo(PacketType.ERROR);
        assertThat(alice.chatRooms("Fine Name", 1).get(0).string(2)).isEqualTo("ab");
        // random fields of random widths into every room request (seeded: a failure replays)
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 300; round++) {
            int type = round % 3 == 0 ? PacketType.MESSAGE : PacketType.GET_CHATROOMS + random.nextInt(18);
            Packet.Builder b = alice.request(type);
            if (type == PacketType.MESSAGE) {
                b.int8(3, 3);
            }
            for (int f = random.nextInt(6); f > 0; f--) {
                byte[] value = new byte[random.nextInt(9)];
                random.nextBytes(value);
                b.bytes(1 + random.nextInt(8), value);
            }
            Packet answer = alice.call(b.build());
            assertThat(answer.string(2, "")).as("round %d", round).doesNotContain("temporarily unavailable");
        }
        Packet toRoom = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).bytes(3, new byte[] {0, 0, 3})
                .string(4, "Lobby").string(8, "x").build());
        assertThat(toRoom.type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
        alice.joinChatRoom("Lobby");
        alice.sendRoomMessage("Lobby", "still here");
        assertThat(bob.awaitRoomMessage("Lobby", "alice").string(8)).isEqualTo("still here");
    }

    @Test
    void everyLineReachesEveryoneElseInOrder() {
        start(Mig33Config.defaults().toBuilder().rates(0, 0).build());
        int n = 25;
        String[] users = new String[n];
        for (int i = 0; i < n; i++) {
            users[i] = "user" + i;
        }
        for (String u : users) {
            server.admin().addUser(u, Mig33TestServer.password(u), null, null, true);
        }
        officialRoom("Crowd", n);
        List<Mig33Client> clients = new java.util.ArrayList<>();
        for (String u : users) {
            Mig33Client c = server.loggedIn(u);
            c.joinChatRoom("Crowd");
            clients.add(c);
        }
        Mig33Client speaker = clients.get(0);
        for (int line = 1; line <= 30; line++) {
            speaker.sendRoomMessage("Crowd", "line " + line);
        }
        for (Mig33Client c : clients.subList(1, n)) {
            for (int line = 1; line <= 30; line++) {
                assertThat(c.awaitRoomMessage("Crowd", "user0").string(8)).isEqualTo("line " + line);
            }
        }
        clients.get(n - 1).sendRoomMessage("Crowd", "the end");
        speaker.awaitRoomMessage("Crowd", "user" + (n - 1));
        assertThat(speaker.hasReceived(p -> p.type() == PacketType.MESSAGE && "user0".equals(p.string(2)))).isFalse();
    }

    @Test
    void aVoteIsVoidWhenTheVoterLeaves() {
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol", "troll");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        Mig33Client troll = server.loggedIn("troll");
        for (Mig33Client c : List.of(alice, bob, carol, troll)) {
            c.joinChatRoom("Lobby");
        }
        alice.kickFromChatRoom("Lobby", "troll");
        alice.leaveChatRoom("Lobby");
        carol.awaitRoomLine("Lobby", "alice has left");
        // two others now (bob, carol): two votes needed, and alice's no longer counts
        bob.kickFromChatRoom("Lobby", "troll");
        carol.awaitRoomLine("Lobby", "bob has voted to kick troll (1 of 2 votes)");
        assertThat(carol.chatRoomParticipants("Lobby").string(2)).contains("troll;");
        carol.kickFromChatRoom("Lobby", "troll");
        troll.awaitRoomLine("Lobby", "troll has been kicked out of the room by vote");
    }

    @Test
    void aSessionIsInAtMostTenRoomsAtOnce() {
        start(Mig33Config.defaults().toBuilder().rates(0, 0).build());
        server.register("alice");
        for (int i = 1; i <= 11; i++) {
            officialRoom("Room " + i, 50);
        }
        Mig33Client alice = server.loggedIn("alice");
        for (int i = 1; i <= 10; i++) {
            alice.joinChatRoom("Room " + i);
        }
        alice.joinChatRoom("Room 10"); // already in: not an eleventh
        assertThatThrownBy(() -> alice.joinChatRoom("Room 11")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("You are in 10 chat rooms already");
        alice.leaveChatRoom("Room 1");
        alice.joinChatRoom("Room 11");
    }

    @Test
    void blockingDoesNotApplyInChatRooms() {
        // issue #12, 14: a room line from a user the recipient blocked is not delivered to that recipient
        start(Mig33Config.defaults());
        server.register("alice", "bob", "carol");
        officialRoom("Lobby", 50);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        assertThat(alice.setPermission("bob", 2).type()).isEqualTo(PacketType.OK);
        for (Mig33Client c : new Mig33Client[] {alice, bob, carol}) {
            c.joinChatRoom("Lobby");
        }

        assertThat(bob.sendRoomMessage("Lobby", "can you hear me, alice?").type()).isEqualTo(PacketType.OK);
        assertThat(carol.awaitRoomMessage("Lobby", "bob").string(8)).as("others still hear bob").isEqualTo("can you hear me, alice?");
        carol.sendRoomMessage("Lobby", "after bob");
        // lines reach a participant in order: carol's line after bob's means bob's was not sent to alice
        assertThat(alice.awaitRoomMessage("Lobby", "carol").string(8)).isEqualTo("after bob");
        assertThat(alice.hasReceived(p -> p.type() == PacketType.MESSAGE && "bob".equals(p.string(2))))
                .as("alice blocked bob").isFalse();

        // alice still hears bob once she lifts the block
        assertThat(alice.setPermission("bob", 0).type()).isEqualTo(PacketType.OK);
        bob.sendRoomMessage("Lobby", "now?");
        assertThat(alice.awaitRoomMessage("Lobby", "bob").string(8)).isEqualTo("now?");
    }
}
