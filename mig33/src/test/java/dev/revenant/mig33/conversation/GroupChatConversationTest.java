package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group chats (spec §6, packets 750–756) between several real clients over TCP. */
class GroupChatConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    void start(Mig33Config config) {
        server = new Mig33TestServer(dir, config)
                .clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        server.register("alice", "bob", "carol", "dave", "eve");
        for (String contact : new String[] {"bob", "carol", "dave"}) {
            server.admin().addContact("alice", contact, null, null);
        }
        server.admin().addContact("bob", "carol", null, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    double ended() {
        var c = server.meters.find("revenant.mig33.group_chats").tag("event", "ended").counter();
        return c == null ? 0 : c.count();
    }

    static void assertStatus(Packet p, int status, String chat, String user) {
        assertThat(p.integer(1, 0)).as("user status").isEqualTo(status);
        assertThat(p.string(2)).isEqualTo(chat);
        assertThat(p.string(3)).isEqualTo(user);
    }

    /** A round trip on the client's own connection: what the server meant to push it came before. */
    static void sync(Mig33Client c) {
        c.call(c.request(PacketType.PING).build());
    }

    @Test
    void aGroupChatFromCreationToItsEnd() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        Mig33Client dave = server.loggedIn("dave");

        Packet created = alice.createGroupChat("bob", "carol");
        assertThat(created.type()).isEqualTo(PacketType.GROUP_CHAT);
        String id = created.string(1);
        assertThat(id).hasSizeGreaterThanOrEqualTo(16);
        assertThat(created.string(2)).isEqualTo("alice");
        assertThat(created.integer(3, 0)).isEqualTo(1);
        for (Mig33Client invited : new Mig33Client[] {bob, carol}) {
            Packet g = invited.awaitPush(PacketType.GROUP_CHAT);
            assertThat(g.string(1)).isEqualTo(id);
            assertThat(g.string(2)).isEqualTo("alice");
        }
        assertThat(alice.createGroupChat("bob").string(1)).as("each group chat has its own id").isNotEqualTo(id);
        bob.awaitPush(PacketType.GROUP_CHAT);

        // alice invites one more: dave joins, the others see him join
        assertThat(alice.inviteToGroupChat(id, "dave").type()).isEqualTo(PacketType.OK);
        assertThat(dave.awaitPush(PacketType.GROUP_CHAT).string(1)).isEqualTo(id);
        for (Mig33Client other : new Mig33Client[] {alice, bob, carol}) {
            assertStatus(other.awaitPush(PacketType.GROUP_CHAT_USER_STATUS), 1, id, "dave");
        }

        // a message reaches every other participant, not the sender
        Packet ok = bob.sendToGroupChat(id, "hello all");
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        for (Mig33Client other : new Mig33Client[] {alice, carol, dave}) {
            Packet m = other.awaitPush(PacketType.MESSAGE);
            assertThat(m.string(8)).isEqualTo("hello all");
            assertThat(m.string(2)).isEqualTo("bob");
            assertThat(m.integer(3, 0)).as("destination type: group chat").isEqualTo(2);
            assertThat(m.string(4)).isEqualTo(id);
            assertThat(m.string(15)).isEqualTo(ok.string(1));
        }
        sync(bob);
        assertThat(bob.hasPush(PacketType.MESSAGE)).as("the sender does not get its own message").isFalse();

        Packet list = carol.groupChatParticipants(id);
        assertThat(list.type()).isEqualTo(PacketType.GROUP_CHAT_PARTICIPANTS);
        assertThat(list.string(1)).isEqualTo(id);
        assertThat(list.string(2)).isEqualTo("alice;bob;carol;dave;");
        assertThat(list.integer(5, 0)).isEqualTo(1);

        // carol leaves: the others see it, and she can no longer write there
        assertThat(carol.leaveGroupChat(id).type()).isEqualTo(PacketType.OK);
        for (Mig33Client other : new Mig33Client[] {alice, bob, dave}) {
            assertStatus(other.awaitPush(PacketType.GROUP_CHAT_USER_STATUS), 2, id, "carol");
        }
        assertThat(carol.sendToGroupChat(id, "still here?").type()).isEqualTo(PacketType.ERROR);
        sync(alice);
        assertThat(alice.hasPush(PacketType.MESSAGE)).isFalse();

        // dave loses his connection: that counts as leaving
        dave.close();
        for (Mig33Client other : new Mig33Client[] {alice, bob}) {
            assertStatus(other.awaitPush(PacketType.GROUP_CHAT_USER_STATUS), 2, id, "dave");
        }
        assertThat(alice.groupChatParticipants(id).string(2)).isEqualTo("alice;bob;");

        // the last two leave: the group chat is gone
        assertThat(alice.leaveGroupChat(id).type()).isEqualTo(PacketType.OK);
        assertStatus(bob.awaitPush(PacketType.GROUP_CHAT_USER_STATUS), 2, id, "alice");
        assertThat(ended()).isZero();
        assertThat(bob.leaveGroupChat(id).type()).isEqualTo(PacketType.OK);
        assertThat(ended()).isEqualTo(1);
        Packet refused = bob.sendToGroupChat(id, "anyone?");
        assertThat(refused.type()).isEqualTo(PacketType.ERROR);
        assertThat(refused.string(2)).contains("not in that group chat");
        assertThat(alice.groupChatParticipants(id).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.inviteToGroupChat(id, "carol").type()).isEqualTo(PacketType.ERROR);
    }

    @Test
    void malformedGroupChatRequestsGetErrorsAndTheConnectionStays() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        server.loggedIn("bob");
        assertThat(alice.call(alice.request(PacketType.CREATE_GROUP_CHAT).string(2, "bob").bytes(3, new byte[3]).build())
                .string(2)).isEqualTo("Malformed request");
        assertThat(alice.call(alice.request(PacketType.CREATE_GROUP_CHAT).string(2, "bob").int8(3, 2).build()).type())
                .as("an MSN group chat").isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.GET_GROUP_CHAT_PARTICIPANTS).build()).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.LEAVE_GROUP_CHAT).build()).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.GROUP_CHAT_INVITE).string(4, "bob\0\0carol").build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.MESSAGE).int8(3, 2).int16(6, 1).string(8, "hi").build()).type())
                .as("no group chat id").isEqualTo(PacketType.ERROR);
        String id = alice.createGroupChat("bob", "\0bob\0").string(1);
        assertThat(alice.groupChatParticipants(id).string(2)).as("empty and repeated names are ignored").isEqualTo("alice;bob;");
        assertThat(alice.sendToGroupChat(id, " ").string(2)).contains("Empty message");
        assertThat(alice.sendToGroupChat(id, "x".repeat(5000)).string(2)).contains("too long");
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void whenEveryParticipantLosesTheConnectionTheGroupChatEnds() {
        start(Mig33Config.defaults());
        server.admin().addContact("carol", "bob", null, null);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        carol.contacts();
        String id = alice.createGroupChat("bob").string(1);
        bob.awaitPush(PacketType.GROUP_CHAT);
        alice.close();
        assertStatus(bob.awaitPush(PacketType.GROUP_CHAT_USER_STATUS), 2, id, "alice");
        assertThat(ended()).isZero();
        bob.close();
        // a closing session leaves its group chats before its watchers see it go offline
        carol.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "bob going offline");
        assertThat(ended()).isEqualTo(1);
        Mig33Client again = server.loggedIn("bob");
        assertThat(again.sendToGroupChat(id, "hello?").type()).isEqualTo(PacketType.ERROR);
    }

    @Test
    void aUserWhoLogsInAgainLeavesTheGroupChatWithTheFormerSession() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        String id = alice.createGroupChat("bob", "carol").string(1);
        bob.awaitPush(PacketType.GROUP_CHAT);
        carol.awaitPush(PacketType.GROUP_CHAT);

        // on several nodes, carol's new session is on another node than the one taken over
        Mig33Client carolAgain = server.loggedIn("carol");
        for (Mig33Client other : new Mig33Client[] {alice, bob}) {
            assertStatus(other.awaitPush(PacketType.GROUP_CHAT_USER_STATUS), 2, id, "carol");
        }
        assertThat(alice.groupChatParticipants(id).string(2)).isEqualTo("alice;bob;");
        assertThat(carolAgain.sendToGroupChat(id, "am I in?").type()).isEqualTo(PacketType.ERROR);
        assertThat(bob.sendToGroupChat(id, "still two").type()).isEqualTo(PacketType.OK);
        assertThat(alice.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("still two");
        assertThat(alice.hasPush(PacketType.GROUP_CHAT_USER_STATUS)).as("told once").isFalse();
        assertThat(ended()).isZero();
    }

    @Test
    void manyParticipantsDroppingAtOnceEndTheGroupChatExactlyOnce() throws Exception {
        // more users than one address may register per hour by default
        start(Mig33Config.defaults().toBuilder().abuseLimits(5, 0).build());
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            names.add("user" + i);
        }
        server.register(names.toArray(String[]::new));
        server.register("olivia");
        for (String n : names) {
            server.admin().addContact("alice", n, null, null);
            server.admin().addContact("olivia", n, null, null);
        }
        server.admin().addContact("olivia", "alice", null, null);
        Mig33Client olivia = server.loggedIn("olivia");
        olivia.contacts();
        Mig33Client alice = server.loggedIn("alice");
        java.util.List<Mig33Client> users = new java.util.ArrayList<>();
        for (String n : names) {
            users.add(server.loggedIn(n));
        }
        String id = alice.createGroupChat(names.toArray(String[]::new)).string(1);
        for (Mig33Client u : users) {
            assertThat(u.awaitPush(PacketType.GROUP_CHAT).string(1)).isEqualTo(id);
        }
        assertThat(alice.groupChatParticipants(id).string(2).split(";")).hasSize(9);

        users.add(alice);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(users.size());
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (Mig33Client u : users) {
                done.add(pool.submit(() -> {
                    start.await();
                    u.close();
                    return null;
                }));
            }
            start.countDown();
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // every one of them goes offline for olivia only after leaving the group chat
        java.util.Set<Integer> gone = new java.util.HashSet<>();
        while (gone.size() < users.size()) {
            gone.add(olivia.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "offline").integer(1, 0));
        }
        assertThat(ended()).isEqualTo(1);
        assertThat(server.meters.get("revenant.mig33.group_chats_live").gauge().value()).isZero();
    }

    @Test
    void onlyOnlineContactsMayBeInvitedAndTheSizeIsLimited() {
        start(Mig33Config.defaults().toBuilder().maxGroupChatParticipants(3).maxGroupChatsPerUser(2).build());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        Mig33Client dave = server.loggedIn("dave");
        Mig33Client eve = server.loggedIn("eve");

        Packet notContact = alice.createGroupChat("bob", "eve");
        assertThat(notContact.type()).isEqualTo(PacketType.ERROR);
        assertThat(notContact.string(2)).contains("eve").contains("contact list");
        Packet tooMany = alice.createGroupChat("bob", "carol", "dave");
        assertThat(tooMany.type()).isEqualTo(PacketType.ERROR);
        assertThat(tooMany.string(2)).contains("at most 3");
        assertThat(alice.createGroupChat().type()).isEqualTo(PacketType.ERROR);
        sync(bob);
        assertThat(bob.hasPush(PacketType.GROUP_CHAT)).as("refused chats invite nobody").isFalse();

        alice.contacts();
        dave.close();
        alice.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "dave going offline");
        Packet offline = alice.createGroupChat("dave");
        assertThat(offline.type()).isEqualTo(PacketType.ERROR);
        assertThat(offline.string(2)).contains("online");

        String id = alice.createGroupChat("bob", "carol").string(1);
        bob.awaitPush(PacketType.GROUP_CHAT);
        carol.awaitPush(PacketType.GROUP_CHAT);
        Mig33Client dave2 = server.loggedIn("dave");
        Packet full = alice.inviteToGroupChat(id, "dave");
        assertThat(full.type()).isEqualTo(PacketType.ERROR);
        assertThat(full.string(2)).contains("at most 3");
        sync(dave2);
        assertThat(dave2.hasPush(PacketType.GROUP_CHAT)).isFalse();

        // someone outside the chat can neither look in, write in nor invite
        assertThat(eve.groupChatParticipants(id).type()).isEqualTo(PacketType.ERROR);
        assertThat(eve.sendToGroupChat(id, "let me in").type()).isEqualTo(PacketType.ERROR);
        assertThat(eve.inviteToGroupChat(id, "eve").type()).isEqualTo(PacketType.ERROR);
        assertThat(eve.leaveGroupChat(id).type()).isEqualTo(PacketType.ERROR);
        sync(bob);
        assertThat(bob.hasPush(PacketType.MESSAGE)).isFalse();
        assertThat(bob.leaveGroupChat(id).type()).isEqualTo(PacketType.OK);
        assertThat(alice.groupChatParticipants(id).string(2)).isEqualTo("alice;carol;");

        // a user may be in only so many group chats when starting another
        assertThat(alice.createGroupChat("bob").type()).isEqualTo(PacketType.GROUP_CHAT);
        Packet third = alice.createGroupChat("dave");
        assertThat(third.type()).isEqualTo(PacketType.ERROR);
        assertThat(third.string(2)).contains("2 group chats already");
        assertThat(alice.leaveGroupChat(id).type()).isEqualTo(PacketType.OK);
        assertThat(alice.createGroupChat("dave").type()).isEqualTo(PacketType.GROUP_CHAT);
    }

    @Test
    void groupChatsBypassContactConsent() {
        // issue #12, 9: eve merely added bob (pending) and carol (rejected): neither may be pulled in
        start(Mig33Config.defaults());
        Mig33Client eve = server.loggedIn("eve");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        eve.addContact("bob");
        bob.awaitPush(PacketType.CONTACT_REQUEST);
        eve.addContact("carol");
        carol.awaitPush(PacketType.CONTACT_REQUEST);
        assertThat(carol.rejectContactRequest("eve", false).type()).isEqualTo(PacketType.OK);

        Packet pending = eve.createGroupChat("bob");
        assertThat(pending.type()).as("bob has not accepted eve").isEqualTo(PacketType.ERROR);
        assertThat(pending.string(2)).as("told exactly as if bob were offline").isEqualTo("None of the invited contacts is online");
        Packet rejected = eve.createGroupChat("carol");
        assertThat(rejected.type()).as("carol rejected eve").isEqualTo(PacketType.ERROR);
        assertThat(rejected.string(2)).isEqualTo("None of the invited contacts is online");
        sync(bob);
        sync(carol);
        assertThat(bob.hasPush(PacketType.GROUP_CHAT)).isFalse();
        assertThat(carol.hasPush(PacketType.GROUP_CHAT)).isFalse();

        // nor through an invitation into a chat eve started with someone who did accept her
        server.admin().addContact("eve", "dave", null, null);
        Mig33Client dave = server.loggedIn("dave");
        String id = eve.createGroupChat("dave").string(1);
        dave.awaitPush(PacketType.GROUP_CHAT);
        assertThat(eve.inviteToGroupChat(id, "bob", "carol").type()).isEqualTo(PacketType.ERROR);
        sync(bob);
        assertThat(bob.hasPush(PacketType.GROUP_CHAT)).isFalse();
        assertThat(eve.groupChatParticipants(id).string(2)).isEqualTo("eve;dave;");

        // once bob allows eve (his consent), she may invite him
        assertThat(bob.setPermission("eve", 1).type()).isEqualTo(PacketType.OK);
        assertThat(eve.inviteToGroupChat(id, "bob").type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.GROUP_CHAT).string(1)).isEqualTo(id);
    }

    @Test
    void groupChatsRevealAnInvisibleContact() {
        // issue #12, 9: an invisible (presence 99) contact is treated exactly like an offline one
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.connect();
        bob.login("bob", Mig33TestServer.password("bob"), 420, 99);
        Mig33Client carol = server.loggedIn("carol");
        assertThat(carol.call(carol.request(PacketType.SET_PRESENCE).int8(1, 99).build()).type()).isEqualTo(PacketType.OK);

        Packet invisible = alice.createGroupChat("bob", "carol");
        assertThat(invisible.type()).isEqualTo(PacketType.ERROR);
        assertThat(invisible.string(2)).isEqualTo("None of the invited contacts is online");
        Mig33Client dave = server.loggedIn("dave");
        String id = alice.createGroupChat("dave", "bob").string(1);
        dave.awaitPush(PacketType.GROUP_CHAT);
        assertThat(alice.groupChatParticipants(id).string(2)).isEqualTo("alice;dave;");
        Packet invite = alice.inviteToGroupChat(id, "carol");
        assertThat(invite.type()).isEqualTo(PacketType.ERROR);
        assertThat(invite.string(2)).isEqualTo("None of the invited contacts is online");
        sync(bob);
        sync(carol);
        assertThat(bob.hasPush(PacketType.GROUP_CHAT)).isFalse();
        assertThat(carol.hasPush(PacketType.GROUP_CHAT)).isFalse();

        // visible again: invitable again
        assertThat(carol.call(carol.request(PacketType.SET_PRESENCE).int8(1, 1).build()).type()).isEqualTo(PacketType.OK);
        assertThat(alice.inviteToGroupChat(id, "carol").type()).isEqualTo(PacketType.OK);
        assertThat(carol.awaitPush(PacketType.GROUP_CHAT).string(1)).isEqualTo(id);
    }

    @Test
    void blockingDoesNotApplyInGroupChats() {
        // issue #12, 14, as in chat rooms: bob and carol are both alice's contacts, and carol blocks bob
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        String id = alice.createGroupChat("bob", "carol").string(1);
        bob.awaitPush(PacketType.GROUP_CHAT);
        carol.awaitPush(PacketType.GROUP_CHAT);
        assertThat(carol.setPermission("bob", 2).type()).isEqualTo(PacketType.OK);

        assertThat(bob.sendToGroupChat(id, "psst carol").type()).isEqualTo(PacketType.OK);
        assertThat(alice.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("psst carol");
        assertThat(alice.sendToGroupChat(id, "after bob").type()).isEqualTo(PacketType.OK);
        assertThat(carol.awaitPush(PacketType.MESSAGE).string(8)).as("bob's line did not come before").isEqualTo("after bob");
        sync(carol);
        assertThat(carol.hasPush(PacketType.MESSAGE)).isFalse();
    }
}
