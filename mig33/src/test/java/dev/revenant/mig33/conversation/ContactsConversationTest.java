package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact lists, presence and contact editing over real TCP. The operator's {@code addContact} counts as
 * accepted by both sides, so the lists set up here show presence at once; contact requests have their own
 * conversation ({@link ContactRequestsConversationTest}).
 */
class ContactsConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults())
                .clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        server.register("alice", "bob", "carol");
        server.admin().addContact("alice", "bob", "Friends", "Bobby");
        server.admin().addContact("alice", "carol", null, null);
        server.admin().addContact("bob", "alice", null, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<Packet> ofType(List<Packet> packets, int type) {
        return packets.stream().filter(p -> p.type() == type).toList();
    }

    @Test
    void contactListHasGroupsContactsPresenceVersionAndTerminator() {
        Mig33Client bob = server.loggedIn("bob");
        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 4).build());
        Mig33Client alice = server.loggedIn("alice");
        List<Packet> list = alice.contacts();
        int txn = list.get(0).txn();
        assertThat(list).allMatch(p -> p.txn() == txn);
        assertThat(list.get(list.size() - 1).type()).isEqualTo(PacketType.GET_CONTACTS_COMPLETE);
        assertThat(list.get(list.size() - 2).type()).isEqualTo(PacketType.CONTACT_LIST_VERSION);

        List<Packet> groups = ofType(list, PacketType.GROUP);
        assertThat(groups).extracting(g -> g.string(2)).containsExactly("mig33 Contacts", "Friends");
        int friends = groups.get(1).integer(1, 0);

        List<Packet> contacts = ofType(list, PacketType.CONTACT);
        assertThat(contacts).hasSize(2);
        Packet bobEntry = contacts.stream().filter(c -> c.string(12).equals("bob")).findFirst().orElseThrow();
        assertThat(bobEntry.string(3)).isEqualTo("Bobby");
        assertThat(bobEntry.integer(2, 0)).isEqualTo(friends);
        assertThat(bobEntry.integer(13, 0)).isEqualTo(4);
        Packet carolEntry = contacts.stream().filter(c -> c.string(12).equals("carol")).findFirst().orElseThrow();
        assertThat(carolEntry.integer(13, 0)).isEqualTo(99);
        assertThat(carolEntry.integer(2, 0)).isEqualTo(groups.get(0).integer(1, 0));
    }

    @Test
    void clientsBefore400GetNoContactListVersion() {
        Mig33Client alice = server.connect();
        alice.login("alice", "S3cretPass", 300, 1);
        List<Packet> list = alice.contacts();
        assertThat(ofType(list, PacketType.CONTACT_LIST_VERSION)).isEmpty();
        assertThat(ofType(list, PacketType.CONTACT)).hasSize(2);
    }

    @Test
    void presencePushesGoBothWaysWithTheReceiversContactId() {
        Mig33Client alice = server.loggedIn("alice");
        int bobIdForAlice = ofType(alice.contacts(), PacketType.CONTACT).stream()
                .filter(c -> c.string(12).equals("bob")).findFirst().orElseThrow().integer(1, 0);

        Mig33Client bob = server.loggedIn("bob");
        Packet online = alice.awaitPush(PacketType.PRESENCE);
        assertThat(online.integer(1, 0)).isEqualTo(bobIdForAlice);
        assertThat(online.integer(2, 0)).isEqualTo(1);
        int aliceIdForBob = ofType(bob.contacts(), PacketType.CONTACT).get(0).integer(1, 0);

        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 3).build());
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(3);

        alice.call(alice.request(PacketType.SET_PRESENCE).int8(1, 4).build());
        Packet away = bob.awaitPush(PacketType.PRESENCE);
        assertThat(away.integer(1, 0)).isEqualTo(aliceIdForBob);
        assertThat(away.integer(2, 0)).isEqualTo(4);

        bob.logout();
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(99);

        Mig33Client bobAgain = server.loggedIn("bob");
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);
        bobAgain.close(); // a lost connection, not a logout
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(99);
    }

    @Test
    void editingTheListOverTheProtocol() {
        Mig33Client carol = server.loggedIn("carol");
        Packet group = carol.call(carol.request(PacketType.ADD_GROUP).string(2, "Golf").build());
        assertThat(group.type()).isEqualTo(PacketType.GROUP);
        int golf = group.integer(1, 0);

        // alice lists carol already (the operator added her), so carol's add is mutual: accepted at once
        Packet added = carol.call(carol.request(PacketType.ADD_CONTACT).string(12, "Alice").string(3, "Ally")
                .int32(2, golf).build());
        assertThat(added.type()).isEqualTo(PacketType.CONTACT);
        assertThat(added.string(12)).isEqualTo("alice");
        assertThat(added.integer(2, 0)).isEqualTo(golf);
        int aliceId = added.integer(1, 0);

        // alice now shows up for carol: her login is pushed, and no request waits for her
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.contactRequests()).isEmpty();
        Packet push = carol.awaitPush(PacketType.PRESENCE);
        assertThat(push.integer(1, 0)).isEqualTo(aliceId);

        assertThat(carol.call(carol.request(PacketType.ADD_CONTACT).string(12, "alice").build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(carol.call(carol.request(PacketType.ADD_CONTACT).string(12, "nobody").build()).string(2))
                .contains("nobody");

        Packet second = carol.call(carol.request(PacketType.ADD_GROUP).string(2, "Work").build());
        int work = second.integer(1, 0);
        assertThat(carol.call(carol.request(PacketType.MOVE_CONTACT).int32(1, aliceId).int32(2, work).build()).type())
                .isEqualTo(PacketType.OK);
        assertThat(carol.call(carol.request(PacketType.REMOVE_GROUP).int32(1, golf).build()).type())
                .isEqualTo(PacketType.OK);
        List<Packet> list = carol.contacts();
        assertThat(ofType(list, PacketType.GROUP)).extracting(g -> g.string(2)).containsExactly("mig33 Contacts", "Work");
        assertThat(ofType(list, PacketType.CONTACT).get(0).integer(2, 0)).isEqualTo(work);

        assertThat(carol.call(carol.request(PacketType.REMOVE_CONTACT).int32(1, aliceId).build()).type())
                .isEqualTo(PacketType.OK);
        assertThat(ofType(carol.contacts(), PacketType.CONTACT)).isEmpty();
        // no longer following alice: her presence change does not reach carol, but bob's list still works
        alice.call(alice.request(PacketType.SET_PRESENCE).int8(1, 3).build());
        Mig33Client bob = server.loggedIn("bob");
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);
        carol.call(carol.request(PacketType.PING).build());
        assertThat(carol.hasPush(PacketType.PRESENCE)).isFalse();
        bob.close();
    }

    @Test
    void addingSomeoneWhoDoesNotListYouWaitsForTheirAnswer() {
        Mig33Client carol = server.loggedIn("carol");
        Mig33Client bob = server.loggedIn("bob");
        Packet added = carol.addContact("bob");
        assertThat(added.type()).isEqualTo(PacketType.CONTACT);
        assertThat(added.integer(13, 0)).isEqualTo(99);
        assertThat(bob.awaitPush(PacketType.CONTACT_REQUEST).string(1)).isEqualTo("carol");
        assertThat(ofType(carol.contacts(), PacketType.CONTACT).get(0).integer(13, 0)).isEqualTo(99);
    }

    @Test
    void updateContactChangesDisplayNameAndGroupAndUpdateGroupRenames() {
        Mig33Client alice = server.loggedIn("alice");
        List<Packet> list = alice.contacts();
        int version = ofType(list, PacketType.CONTACT_LIST_VERSION).get(0).integer(1, 0);
        int defaultGroup = ofType(list, PacketType.GROUP).get(0).integer(1, 0);
        int friends = ofType(list, PacketType.GROUP).get(1).integer(1, 0);
        int carolId = ofType(list, PacketType.CONTACT).stream().filter(c -> c.string(12).equals("carol"))
                .findFirst().orElseThrow().integer(1, 0);

        assertThat(alice.call(alice.request(PacketType.UPDATE_CONTACT).int32(1, carolId).int32(2, friends)
                .string(3, "Caz").build()).type()).isEqualTo(PacketType.OK);
        assertThat(alice.call(alice.request(PacketType.UPDATE_GROUP).int32(1, friends).string(2, "Best friends")
                .build()).type()).isEqualTo(PacketType.OK);
        // a display name alone keeps the group
        assertThat(alice.call(alice.request(PacketType.UPDATE_CONTACT).int32(1, carolId).string(3, "Carol C")
                .build()).type()).isEqualTo(PacketType.OK);

        list = alice.contacts();
        assertThat(ofType(list, PacketType.GROUP)).extracting(g -> g.string(2))
                .containsExactly("mig33 Contacts", "Best friends");
        Packet carol = ofType(list, PacketType.CONTACT).stream().filter(c -> c.string(12).equals("carol"))
                .findFirst().orElseThrow();
        assertThat(carol.string(3)).isEqualTo("Carol C");
        assertThat(carol.integer(2, 0)).isEqualTo(friends);
        assertThat(ofType(list, PacketType.CONTACT_LIST_VERSION).get(0).integer(1, 0)).isGreaterThan(version);

        assertThat(alice.call(alice.request(PacketType.UPDATE_CONTACT).int32(1, 999_999).string(3, "x").build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPDATE_GROUP).int32(1, 999_999).string(2, "x").build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPDATE_GROUP).int32(1, defaultGroup).string(2, "").build()).type())
                .isEqualTo(PacketType.ERROR);
    }
}
