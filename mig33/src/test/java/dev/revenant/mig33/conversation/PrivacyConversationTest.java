package dev.revenant.mig33.conversation;

import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.entry;
import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocking and the allow/block lists over real TCP: nothing gets through, and the blocked user is not told. */
class PrivacyConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults())
                .clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        server.register("alice", "bob", "carol", "dave");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rejectAndBlockLetsNothingThroughAndTheSenderIsNotTold() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Packet firstAdd = alice.addContact("bob");
        bob.awaitPush(PacketType.CONTACT_REQUEST);
        assertThat(bob.rejectContactRequest("alice", true).type()).isEqualTo(PacketType.OK);

        // messages: the usual OK, nothing arrives, nothing is kept for later
        Packet ok = alice.sendMessage("bob", "hello?");
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        assertThat(ok.string(1)).isNotBlank();
        settle(bob);
        assertThat(bob.hasPush(PacketType.MESSAGE)).isFalse();
        assertThat(messages("blocked")).as("counted as blocked").isEqualTo(1);
        assertThat(messages("online")).as("and not as delivered as well").isZero();

        // a new request: the same answer as any add, and bob never hears of it
        assertThat(alice.call(alice.request(PacketType.REMOVE_CONTACT).int32(1, firstAdd.integer(1, 0)).build()).type())
                .isEqualTo(PacketType.OK);
        Packet again = alice.addContact("bob");
        assertThat(again.type()).isEqualTo(PacketType.CONTACT);
        assertThat(again.integer(13, 0)).isEqualTo(99);
        settle(bob);
        assertThat(bob.hasPush(PacketType.CONTACT_REQUEST)).isFalse();
        assertThat(bob.contactRequests()).isEmpty();

        // presence: bob stays offline for alice
        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 3).build());
        settle(alice);
        assertThat(alice.hasPush(PacketType.PRESENCE)).isFalse();
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(99);

        // offline too, and after a restart: bob logs in later and finds nothing from alice
        bob.logout();
        alice.sendMessage("bob", "are you there?");
        server.restart();
        Mig33Client bobAgain = server.loggedIn("bob");
        bobAgain.contacts();
        settle(bobAgain);
        assertThat(bobAgain.hasPush(PacketType.MESSAGE)).isFalse();
        assertThat(bobAgain.hasPush(PacketType.CONTACT_REQUEST)).isFalse();
        assertThat(bobAgain.permissionList().string(2)).isEqualTo("alice;");
        assertThat(messages("blocked")).isEqualTo(2);
        assertThat(messages("stored")).isZero();
    }

    /** How many private texts the server counted under {@code path}. */
    private double messages(String path) {
        return server.meters.counter("revenant.mig33.messages", "path", path).count();
    }

    @Test
    void blockingAnAcceptedContactHidesPresenceUntilUnblockedAndSurvivesARestart() {
        server.admin().addContact("alice", "bob", null, null);
        server.admin().addContact("bob", "alice", null, null);
        Mig33Client alice = server.loggedIn("alice");
        int bobForAlice = entry(alice.contacts(), "bob").integer(1, 0);
        Mig33Client bob = server.loggedIn("bob");
        assertThat(alice.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);

        assertThat(bob.setPermission("alice", 2).type()).isEqualTo(PacketType.OK);
        Packet gone = alice.awaitPush(PacketType.PRESENCE);
        assertThat(gone.integer(1, 0)).isEqualTo(bobForAlice);
        assertThat(gone.integer(2, 0)).isEqualTo(99);
        bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, 4).build());
        alice.sendMessage("bob", "blocked line");
        settle(bob);
        assertThat(bob.hasPush(PacketType.MESSAGE)).isFalse();
        settle(alice);
        assertThat(alice.hasPush(PacketType.PRESENCE)).isFalse();
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(99);
        // bob still sees alice: he blocked her, not the other way round
        assertThat(entry(bob.contacts(), "alice").integer(13, 0)).isEqualTo(1);

        server.restart();
        alice = server.loggedIn("alice");
        alice.contacts();
        bob = server.loggedIn("bob");
        bob.contacts();
        settle(alice);
        assertThat(alice.hasPush(PacketType.PRESENCE)).isFalse();
        assertThat(entry(alice.contacts(), "bob").integer(13, 0)).isEqualTo(99);
        alice.sendMessage("bob", "still blocked");
        settle(bob);
        assertThat(bob.hasPush(PacketType.MESSAGE)).isFalse();

        assertThat(bob.setPermission("alice", 1).type()).isEqualTo(PacketType.OK);
        Packet back = alice.awaitPush(PacketType.PRESENCE);
        assertThat(back.integer(1, 0)).isEqualTo(bobForAlice);
        assertThat(back.integer(2, 0)).isEqualTo(1);
        alice.sendMessage("bob", "thanks");
        assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("thanks");
    }

    @Test
    void aWaitingRequestFromSomeoneBlockedIsNotListedUntilTheBlockIsLifted() {
        Mig33Client dave = server.loggedIn("dave");
        Mig33Client alice = server.loggedIn("alice");
        dave.addContact("alice");
        alice.awaitPush(PacketType.CONTACT_REQUEST);
        alice.setPermission("dave", 2);
        assertThat(alice.contactRequests()).isEmpty();
        alice.logout();
        Mig33Client aliceAgain = server.loggedIn("alice");
        aliceAgain.contacts();
        settle(aliceAgain);
        assertThat(aliceAgain.hasPush(PacketType.CONTACT_REQUEST)).isFalse();

        aliceAgain.setPermission("dave", 0);
        assertThat(aliceAgain.contactRequests()).containsExactly("dave");
    }

    @Test
    void permissionListRoundTrip() {
        Mig33Client alice = server.loggedIn("alice");
        Packet empty = alice.permissionList();
        assertThat(empty.string(1)).isEmpty();
        assertThat(empty.string(2)).isEmpty();

        assertThat(alice.setPermission("Carol", 1).type()).isEqualTo(PacketType.OK);
        assertThat(alice.setPermission("bob", 2).type()).isEqualTo(PacketType.OK);
        assertThat(alice.setPermission("dave", 2).type()).isEqualTo(PacketType.OK);
        Packet list = alice.permissionList();
        assertThat(list.string(1)).isEqualTo("carol;");
        assertThat(list.string(2)).isEqualTo("bob;dave;");

        assertThat(alice.setPermission("dave", 0).type()).isEqualTo(PacketType.OK);
        assertThat(alice.setPermission("bob", 1).type()).isEqualTo(PacketType.OK);
        list = alice.permissionList();
        assertThat(list.string(1)).isEqualTo("carol;bob;");
        assertThat(list.string(2)).isEmpty();

        assertThat(alice.setPermission("bob", 7).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.setPermission("nobody", 2).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.setPermission("alice", 2).type()).isEqualTo(PacketType.ERROR);
    }

    @Test
    void allowingSomeoneAcceptsTheirRequests() {
        Mig33Client alice = server.loggedIn("alice");
        alice.setPermission("carol", 1);
        Mig33Client carol = server.loggedIn("carol");
        Packet added = carol.addContact("alice");
        assertThat(added.integer(13, 0)).isEqualTo(1);
        settle(alice);
        assertThat(alice.hasPush(PacketType.CONTACT_REQUEST)).isFalse();

        // a request that waits is accepted by allowing its sender
        int aliceForDave;
        Mig33Client dave = server.loggedIn("dave");
        aliceForDave = dave.addContact("alice").integer(1, 0);
        alice.awaitPush(PacketType.CONTACT_REQUEST);
        alice.setPermission("dave", 1);
        Packet shown = dave.awaitPush(PacketType.PRESENCE);
        assertThat(shown.integer(1, 0)).isEqualTo(aliceForDave);
        assertThat(shown.integer(2, 0)).isEqualTo(1);
        assertThat(alice.contactRequests()).isEmpty();
    }

    @Test
    void aListTooLongIsRefused() {
        server.close();
        server = new Mig33TestServer(dir.resolve("small"), Mig33Config.defaults().toBuilder().maxPermissionEntries(2).build())
                .clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        server.register("alice", "bob", "carol", "dave");
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.setPermission("bob", 2).type()).isEqualTo(PacketType.OK);
        assertThat(alice.setPermission("carol", 2).type()).isEqualTo(PacketType.OK);
        assertThat(alice.setPermission("dave", 2).type()).isEqualTo(PacketType.ERROR);
        // changing an entry that is there is no growth
        assertThat(alice.setPermission("carol", 1).type()).isEqualTo(PacketType.OK);
    }
}
