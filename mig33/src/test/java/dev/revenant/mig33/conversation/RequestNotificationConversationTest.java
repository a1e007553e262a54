package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact requests to a 4.10+ client, which has no request screen: a NOTIFICATION (14) that names a page of
 * the waiting requests, fetched through the gateway (OPEN_URL), whose Accept and Reject links do what the
 * older clients' screen did.
 */
class RequestNotificationConversationTest {
    static final int CLIENT_4_62 = 462;
    static final int FRIEND_INVITE = 1;

    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults()).clientVersion(CLIENT_4_62);
        server.register("alice", "bob", "carol");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRequestToAnOnlineUserIsANotificationNamingThePageOfRequests() {
        Asked asked = aliceAsksBob();
        Mig33Client bob = asked.bob();

        Packet notice = bob.awaitPush(PacketType.NOTIFICATION);
        assertThat(notice.string(1)).isEqualTo("alice has added you to his/her contact list.");
        assertThat(notice.integer(3, 0)).isEqualTo(FRIEND_INVITE);
        assertThat(notice.integer(4, 0)).as("requests waiting").isEqualTo(1);
        String page = bob.openPage(notice.string(2));
        assertThat(page).contains("alice has added you to his/her contact list.").contains(">Accept<").contains(">Reject<");
        ContactRequestsConversationTest.settle(bob);
        assertThat(bob.hasPush(PacketType.CONTACT_REQUEST)).as("no 412: the client has no handler for it").isFalse();
    }

    @Test
    void requestsWaitingAtLoginAreOneNotificationWithTheirNumber() {
        Mig33Client alice = server.loggedIn("alice");
        alice.addContact("bob");
        Mig33Client carol = server.loggedIn("carol");
        carol.addContact("bob");

        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Packet notice = bob.awaitPush(PacketType.NOTIFICATION);
        assertThat(notice.string(1)).isEqualTo("You have 2 contact requests.");
        assertThat(notice.integer(4, 0)).isEqualTo(2);
        assertThat(bob.openPage(notice.string(2))).contains("alice has added you").contains("carol has added you");
    }

    @Test
    void acceptOnThePageAddsTheRequesterBackAndShowsPresenceBothWays() {
        Asked asked = aliceAsksBob();
        Mig33Client alice = asked.alice();
        Mig33Client bob = asked.bob();
        int bobForAlice = asked.bobForAlice();
        String page = bob.openPage(bob.awaitPush(PacketType.NOTIFICATION).string(2));

        String after = bob.openPage(link(page, "Accept"));
        assertThat(after).contains("alice is now in your contact list.").contains("No contact requests.");
        // bob's phone did not ask: the new contact and the list's version are pushed
        Packet contact = bob.awaitPush(PacketType.CONTACT);
        assertThat(contact.string(12)).isEqualTo("alice");
        assertThat(contact.integer(13, 0)).as("alice is online").isEqualTo(1);
        assertThat(bob.awaitPush(PacketType.CONTACT_LIST_VERSION).integer(1, 0)).isPositive();
        // nothing waits any more: an empty NOTIFICATION takes the notice off the phone's list
        assertThat(bob.awaitPush(PacketType.NOTIFICATION).fields()).isEmpty();
        // alice sees bob now
        Packet presence = alice.await(p -> p.type() == PacketType.PRESENCE && p.integer(1, 0) == bobForAlice,
                "bob's presence for alice");
        assertThat(presence.integer(2, 0)).isEqualTo(1);
        assertThat(bob.contactRequests()).isEmpty();
    }

    @Test
    void rejectOnThePageLeavesTheRequesterUntold() {
        Asked asked = aliceAsksBob();
        Mig33Client alice = asked.alice();
        Mig33Client bob = asked.bob();
        String page = bob.openPage(bob.awaitPush(PacketType.NOTIFICATION).string(2));

        assertThat(bob.openPage(link(page, "Reject"))).contains("You rejected alice's contact request.");
        assertThat(bob.awaitPush(PacketType.NOTIFICATION).fields()).isEmpty();
        assertThat(bob.contactRequests()).isEmpty();
        ContactRequestsConversationTest.settle(alice);
        assertThat(alice.hasPush(PacketType.PRESENCE)).isFalse();
    }

    @Test
    void aLinkFromAnotherSessionDoesNothing() {
        Mig33Client bob = aliceAsksBob().bob();
        String accept = link(bob.openPage(bob.awaitPush(PacketType.NOTIFICATION).string(2)), "Accept");

        // the same link followed in bob's next session (or written by anyone else) names no session of his
        bob.close();
        Mig33Client bobAgain = server.loggedIn("bob");
        bobAgain.contacts();
        assertThat(bobAgain.openPage(accept)).doesNotContain("is now in your contact list").contains("alice has added you");
        assertThat(bobAgain.contactRequests()).containsExactly("alice");
        // and the changed token of a link is no token at all
        assertThat(bobAgain.openPage(accept.replaceAll("/[0-9a-f]{32}/", "/0/"))).doesNotContain("is now in your contact list");
        assertThat(bobAgain.contactRequests()).containsExactly("alice");
    }

    @Test
    void olderClientsStillGetTheRequestScreensPacket() {
        server.clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client alice = server.loggedIn("alice");
        alice.addContact("bob");
        assertThat(bob.awaitPush(PacketType.CONTACT_REQUEST).string(1)).isEqualTo("alice");
        ContactRequestsConversationTest.settle(bob);
        assertThat(bob.hasPush(PacketType.NOTIFICATION)).isFalse();
    }

    @Test
    void beforeLoginThePageIsTheHomePage() {
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        server.loggedIn("alice").addContact("bob");
        String url = bob.awaitPush(PacketType.NOTIFICATION).string(2);
        assertThat(server.connect().openPage(url)).doesNotContain("alice").contains("online now");
    }

    /** alice and bob logged in with their lists fetched, and alice's add of bob (his contact id for her). */
    record Asked(Mig33Client alice, Mig33Client bob, int bobForAlice) {}

    private Asked aliceAsksBob() {
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client alice = server.loggedIn("alice");
        alice.contacts();
        return new Asked(alice, bob, alice.addContact("bob").integer(1, 0));
    }

    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\">([^<]+)</a>");

    /** The address of the link called {@code words} on {@code page} (as the phone's browser would follow it). */
    static String link(String page, String words) {
        Matcher m = LINK.matcher(page);
        while (m.find()) {
            if (m.group(2).equals(words)) {
                return m.group(1); // as 4.62's browser follows it: the href as written
            }
        }
        throw new AssertionError("no link " + words + " on " + page);
    }
}
