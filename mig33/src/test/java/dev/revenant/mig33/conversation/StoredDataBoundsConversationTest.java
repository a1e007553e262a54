package dev.revenant.mig33.conversation;

import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.settle;
import static dev.revenant.mig33.conversation.PicturesConversationTest.image;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #12, 12: what users make the server keep is bounded, and each bound answers honestly. */
class StoredDataBoundsConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    void start(Mig33Config config) {
        server = new Mig33TestServer(dir, config);
        server.register("alice", "bob", "carol");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static List<String> received(Mig33Client c) {
        c.contacts();
        settle(c);
        List<String> texts = new java.util.ArrayList<>();
        while (c.hasPush(PacketType.MESSAGE)) {
            texts.add(c.awaitPush(PacketType.MESSAGE).string(8));
        }
        return texts;
    }

    @Test
    void offlineMessagesPerRecipientHaveNoCap() {
        start(Mig33Config.defaults().toBuilder().offlineMessages(3, Duration.ofDays(30)).build());
        Mig33Client alice = server.loggedIn("alice");
        for (int i = 1; i <= 3; i++) {
            assertThat(alice.sendMessage("bob", "note " + i).type()).isEqualTo(PacketType.OK);
        }
        Packet full = send(alice, "bob", "note 4");
        assertThat(full.type()).as("an honest answer, not an OK and then a loss").isEqualTo(PacketType.ERROR);
        assertThat(full.string(2)).contains("bob").contains("full");
        Mig33Client carol = server.loggedIn("carol");
        assertThat(send(carol, "bob", "from carol").type()).as("the cap is the recipient's").isEqualTo(PacketType.ERROR);
        assertThat(carol.sendMessage("alice", "for alice").type()).as("alice is online").isEqualTo(PacketType.OK);

        // every message that got an OK is delivered; after that the box has room again
        Mig33Client bob = server.loggedIn("bob");
        assertThat(received(bob)).containsExactly("note 1", "note 2", "note 3");
        bob.logout();
        assertThat(alice.sendMessage("bob", "note 5").type()).isEqualTo(PacketType.OK);
    }

    @Test
    void fileNoticesWaitingForOneRecipientHaveNoCap() {
        start(Mig33Config.defaults().toBuilder().offlineMessages(2, Duration.ofDays(30)).build());
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.sendPicture("bob", image("png", 5)).type()).isEqualTo(PacketType.OK);
        assertThat(alice.sendPicture("bob", image("png", 6)).type()).isEqualTo(PacketType.OK);
        long before = server.gateway().context().pictures().count();
        Packet full = alice.sendPicture("bob", image("png", 7));
        assertThat(full.type()).isEqualTo(PacketType.ERROR);
        assertThat(full.string(2)).contains("bob").contains("full");
        assertThat(server.gateway().context().pictures().count()).as("nothing stored for it").isEqualTo(before);

        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        bob.awaitPush(PacketType.FILE_RECEIVED);
        bob.awaitPush(PacketType.FILE_RECEIVED);
        settle(bob);
        assertThat(bob.hasPush(PacketType.FILE_RECEIVED)).isFalse();
    }

    @Test
    void offlineMessagesNeverExpire() {
        start(Mig33Config.defaults().toBuilder().offlineMessages(100, Duration.ofDays(7)).build());
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.sendMessage("bob", "old news").type()).isEqualTo(PacketType.OK);
        server.gateway().sweep(Instant.now().plus(Duration.ofDays(6)));
        assertThat(server.gateway().context().offline().waiting(id("bob"), 0, 10)).as("within the expiry").hasSize(1);

        server.gateway().sweep(Instant.now().plus(Duration.ofDays(8)));
        Mig33Client bob = server.loggedIn("bob");
        assertThat(received(bob)).as("older than the expiry: deleted unread").isEmpty();
    }

    @Test
    void userMadeRoomsNeverExpire() {
        start(Mig33Config.defaults().toBuilder().roomExpiry(Duration.ofDays(30)).build());
        server.admin().addRoom(new Mig33Admin.RoomSpec("Lobby", "", 50, null, List.of(), "en", false, true, ""));
        Mig33Client alice = server.loggedIn("alice");
        alice.createChatRoom("Ghost Town", "", "", true);
        alice.createChatRoom("Busy Place", "", "", true);
        Mig33Client bob = server.loggedIn("bob");
        bob.joinChatRoom("Busy Place");

        server.gateway().sweep(Instant.now().plus(Duration.ofDays(29)));
        assertThat(rooms(bob)).containsExactly("Busy Place", "Ghost Town", "Lobby");
        server.gateway().sweep(Instant.now().plus(Duration.ofDays(31)));
        assertThat(rooms(bob)).as("unused for longer than roomExpiry; an occupied room and an operator's stay")
                .containsExactly("Busy Place", "Lobby");
        // the room counted against its owner's rooms; its name is free again
        assertThat(alice.createChatRoom("Ghost Town", "", "", true).type()).isNotEqualTo(PacketType.ERROR);
    }

    @Test
    void filesHaveNoOverallBound() {
        start(Mig33Config.defaults().toBuilder().maxUploadBytes(2000).maxStoredBytesPerUser(4000).maxStoredBytes(4000).build());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        byte[] picture = java.util.Arrays.copyOf(image("png", 4), 1500);
        assertThat(alice.uploadPicture(picture, "", false).type()).isEqualTo(PacketType.OK);
        assertThat(bob.uploadPicture(picture, "", false).type()).isEqualTo(PacketType.OK);
        long before = server.gateway().context().pictures().count();

        // each is far below their own 4000 bytes, together they would pass the server's
        Packet full = alice.uploadPicture(picture, "", false);
        assertThat(full.type()).isEqualTo(PacketType.ERROR);
        assertThat(full.string(2)).contains("server").contains("full");
        assertThat(bob.sendPicture("alice", picture).string(2)).contains("server").contains("full");
        assertThat(server.gateway().context().pictures().count()).as("nothing more stored").isEqualTo(before);
    }

    /** A text MESSAGE; its answer, OK or ERROR. */
    static Packet send(Mig33Client from, String to, String text) {
        return from.call(from.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, to).int16(6, 1)
                .string(8, text).build());
    }

    private int id(String user) {
        return server.gateway().context().accounts().find(user).orElseThrow().id();
    }

    private static List<String> rooms(Mig33Client c) {
        return c.chatRooms("", 1).stream().filter(p -> p.type() == PacketType.CHATROOM).map(p -> p.string(1)).toList();
    }
}
