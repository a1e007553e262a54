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

/** Contact requests over real TCP: ask, accept or reject, and what each side sees meanwhile. */
class ContactRequestsConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults())
                .clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        server.register("alice", "bob", "carol");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Packet entry(List<Packet> list, String username) {
        return list.stream().filter(p -> p.type() == PacketType.CONTACT && username.equals(p.string(12)))
                .findFirst().orElseThrow(() -> new AssertionError(username + " not in " + list));
    }

    /** A PING round trip: whatever the server pushed before its PONG is in the mailbox by then. */
    static void settle(Mig33Client c) {
        c.call(c.request(PacketType.PING).build());
    }

    @Test
    void requestThenAcceptShowsPresenceBothWays() {
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client alice = server.loggedIn("alice");
        alice.contacts();

        Packet added = alice.addContact("bob");
        assertThat(added.type()).isEqualTo(PacketType.CONTACT);
        int bobForAlice = added.integer(1, 0);
        // bob is online, but has not accepted: he shows offline
        assertThat(added.integer(13, 0)).isEqualTo(99);
        assertThat(bob.awaitPush(PacketType.CONTACT_REQUEST).string(1)).isEqualTo("alice");
        assertThat(bob.contactRequests()).containsExactly("alice");

        // meanwhile bob's presence does not reach alice, and her list shows him offline
        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 3).build());
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(99);
        settle(alice);
        assertThat(alice.hasPush(PacketType.PRESENCE)).isFalse();

        Packet accepted = bob.acceptContactRequest("alice", true, 0);
        assertThat(accepted.type()).isEqualTo(PacketType.CONTACT);
        assertThat(accepted.string(12)).isEqualTo("alice");
        assertThat(accepted.integer(13, 0)).isEqualTo(1);
        int aliceForBob = accepted.integer(1, 0);

        Packet shown = alice.awaitPush(PacketType.PRESENCE);
        assertThat(shown.integer(1, 0)).isEqualTo(bobForAlice);
        assertThat(shown.integer(2, 0)).isEqualTo(3);
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(3);

        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 1).build());
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);
        alice.call(alice.request(PacketType.SET_PRESENCE).int8(1, 4).build());
        Packet away = bob.awaitPush(PacketType.PRESENCE);
        assertThat(away.integer(1, 0)).isEqualTo(aliceForBob);
        assertThat(away.integer(2, 0)).isEqualTo(4);

        assertThat(bob.contactRequests()).isEmpty();
        assertThat(bob.acceptContactRequest("alice", false, 0).type()).isEqualTo(PacketType.ERROR);
    }

    @Test
    void acceptWithoutAddBackLetsOnlyTheRequesterSee() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        alice.addContact("bob");
        bob.awaitPush(PacketType.CONTACT_REQUEST);
        assertThat(bob.acceptContactRequest("alice", false, 0).type()).isEqualTo(PacketType.OK);
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);
        assertThat(bob.contacts().stream().filter(p -> p.type() == PacketType.CONTACT)).isEmpty();

        // bob adds alice later: she asked first, so no request is needed
        Packet added = bob.addContact("alice");
        assertThat(added.integer(13, 0)).isEqualTo(1);
        settle(alice);
        assertThat(alice.hasPush(PacketType.CONTACT_REQUEST)).isFalse();
        assertThat(alice.contactRequests()).isEmpty();
    }

    @Test
    void requestToAnOfflineUserArrivesAfterTheContactListAtTheirNextLoginEvenAfterARestart() {
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.addContact("carol").integer(13, 0)).isEqualTo(99);
        alice.logout();
        server.restart();

        Mig33Client carol = server.loggedIn("carol");
        settle(carol);
        assertThat(carol.hasPush(PacketType.CONTACT_REQUEST)).isFalse();
        List<Packet> list = carol.contacts();
        assertThat(list.get(list.size() - 1).type()).isEqualTo(PacketType.GET_CONTACTS_COMPLETE);
        assertThat(carol.awaitPush(PacketType.CONTACT_REQUEST).string(1)).isEqualTo("alice");
        assertThat(carol.contactRequests()).containsExactly("alice");
    }

    @Test
    void rejectedRequesterIsNotToldAndKeepsSeeingTheContactOffline() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        alice.addContact("bob");
        bob.awaitPush(PacketType.CONTACT_REQUEST);
        assertThat(bob.rejectContactRequest("alice", false).type()).isEqualTo(PacketType.OK);
        assertThat(bob.contactRequests()).isEmpty();

        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 3).build());
        settle(alice);
        assertThat(alice.hasPush(PacketType.PRESENCE)).isFalse();
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(99);

        // not blocked: messages still get through
        alice.sendMessage("bob", "no hard feelings");
        assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("no hard feelings");
        // and the request does not come back at bob's next login
        bob.logout();
        Mig33Client bobAgain = server.loggedIn("bob");
        bobAgain.contacts();
        settle(bobAgain);
        assertThat(bobAgain.hasPush(PacketType.CONTACT_REQUEST)).isFalse();
    }

    @Test
    void mutualAddsBecomeAcceptedAtOnce() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        int bobForAlice = alice.addContact("bob").integer(1, 0);
        bob.awaitPush(PacketType.CONTACT_REQUEST);

        Packet added = bob.addContact("alice");
        assertThat(added.type()).isEqualTo(PacketType.CONTACT);
        assertThat(added.integer(13, 0)).isEqualTo(1);
        Packet shown = alice.awaitPush(PacketType.PRESENCE);
        assertThat(shown.integer(1, 0)).isEqualTo(bobForAlice);
        assertThat(shown.integer(2, 0)).isEqualTo(1);
        settle(alice);
        assertThat(alice.hasPush(PacketType.CONTACT_REQUEST)).isFalse();
        assertThat(bob.contactRequests()).isEmpty();
        assertThat(alice.contactRequests()).isEmpty();
    }

    @Test
    void anOperatorsAddCountsAsAcceptedByBothSides() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        alice.addContact("bob");
        bob.awaitPush(PacketType.CONTACT_REQUEST);
        server.admin().addContact("bob", "alice", null, null);
        assertThat(bob.contactRequests()).isEmpty();
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(1);
        assertThat(entry(bob.contacts(), "alice").integer(13, 0)).isEqualTo(1);
    }

    @Test
    void answersToRequestsThatDoNotExistAreErrors() {
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.acceptContactRequest("bob", true, 0).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.rejectContactRequest("nobody", true).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.ACCEPT_CONTACT_REQUEST).build()).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.contactRequests()).isEmpty();
    }
}
