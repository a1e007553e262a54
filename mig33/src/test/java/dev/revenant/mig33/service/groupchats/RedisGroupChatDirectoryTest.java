package dev.revenant.mig33.service.groupchats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.RedisSessionRegistry;
import dev.revenant.cluster.testing.TwoNodes;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.service.Seat;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.Added;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.Chat;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.NotIn;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.TooMany;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory.Unavailable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one community on the test Redis, each with its session registry and group chats: the rules of
 * {@link LocalGroupChatDirectoryTest} with participants on both nodes, and what only several nodes have (seats
 * that lapse with their node, the keys' expiry).
 */
class RedisGroupChatDirectoryTest {
    private TwoNodes nodes;
    private ClusterConfig config;
    private ExecutorService work;
    private RedisNode nodeA;
    private RedisNode nodeB;
    private RedisSessionRegistry registryA;
    private RedisSessionRegistry registryB;
    private RedisGroupChatDirectory a;
    private RedisGroupChatDirectory b;
    /** alice logs in on node A; bob and carol on node B. */
    private Seat alice;
    private Seat bob;
    private Seat carol;

    @BeforeEach
    void twoNodes() {
        nodes = TwoNodes.start();
        config = nodes.config;
        nodeA = nodes.nodeA;
        nodeB = nodes.nodeB;
        work = nodes.work;
        registryA = nodes.registryA();
        registryB = nodes.registryB();
        a = new RedisGroupChatDirectory(nodeA, registryA, work);
        b = new RedisGroupChatDirectory(nodeB, registryB, work);
        alice = login(registryA, "alice");
        bob = login(registryB, "bob");
        carol = login(registryB, "carol");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private static Seat login(RedisSessionRegistry node, String user) {
        Seat s = new Seat(user);
        node.claim(s);
        return s;
    }

    /** A user's session as a node finds it: its own, or the other node's. */
    private static SessionHandle found(RedisSessionRegistry node, String user) {
        return node.lookup("mig33", user).orElseThrow();
    }

    private static Map<String, SessionHandle> seats(SessionHandle... seats) {
        Map<String, SessionHandle> all = new LinkedHashMap<>();
        for (SessionHandle s : seats) {
            all.put(s.user(), s);
        }
        return all;
    }

    private String key(String... parts) {
        return nodeA.key(parts);
    }

    @Test
    void aChatOpensWithItsCreatorFirstUnderAnIdNobodyGuessesAndEveryNodeSeesIt() {
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        Chat other = a.open("alice", 1, alice, seats(found(registryA, "carol")));
        assertThat(chat.id()).hasSize(20).isNotEqualTo(other.id());
        assertThat(b.participants(chat.id())).containsExactly("alice", "bob");
        assertThat(b.chatOf(chat.id(), "bob", bob)).contains(chat);
        assertThat(b.chatOf(chat.id(), "carol", carol)).isEmpty();
        assertThat(a.chatsOf(alice)).containsExactlyInAnyOrder(chat.id(), other.id());
        assertThat(b.chatsOf(bob)).containsExactly(chat.id());
        assertThat(a.count()).as("the community's chats, on every node").isEqualTo(2);
        assertThat(b.count()).isEqualTo(2);
    }

    @Test
    void anInvitationAddsOnlyNewcomersWithinTheLimitAndOnlyFromAParticipant() {
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        Seat dave = login(registryB, "dave");
        assertThat(b.invite(chat.id(), "carol", carol, seats(dave), 10)).isInstanceOf(NotIn.class);
        assertThat(a.invite(chat.id(), "alice", alice, seats(found(registryA, "carol"), found(registryA, "dave")), 3))
                .isEqualTo(new TooMany(3));
        // bob logs in again on node A: node B has not heard yet, and his seat stays the one he joined with
        Seat bobElsewhere = login(registryA, "bob");
        Added added = (Added) a.invite(chat.id(), "alice", alice, seats(bobElsewhere, found(registryA, "carol")), 3);
        assertThat(added.added()).containsOnlyKeys("carol");
        assertThat(added.others()).containsExactly("alice", "bob");
        assertThat(b.chatOf(chat.id(), "bob", bob)).isPresent();
        assertThat(a.chatOf(chat.id(), "bob", bobElsewhere)).isEmpty();

        // a participant on the other node invites too
        Added fromB = (Added) b.invite(chat.id(), "carol", carol, seats(dave), 10);
        assertThat(fromB.added()).containsOnlyKeys("dave");
        assertThat(fromB.others()).containsExactly("alice", "bob", "carol");
        assertThat(a.participants(chat.id())).containsExactly("alice", "bob", "carol", "dave");
    }

    @Test
    void onlyTheSessionThatJoinedLeavesAndTheLastOneEndsTheChatOnAnyNode() {
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        assertThat(a.leave(chat.id(), "bob", login(registryA, "bob"))).isEmpty();
        assertThat(b.leave(chat.id(), "bob", bob)).contains(List.of("alice"));
        assertThat(b.chatsOf(bob)).isEmpty();
        assertThat(a.leave(chat.id(), "alice", alice)).isEqualTo(Optional.of(List.of()));
        assertThat(a.count()).isZero();
        assertThat(b.count()).isZero();
        assertThat(a.chatOf(chat.id(), "alice", alice)).isEmpty();
        assertThat(a.invite(chat.id(), "alice", alice, seats(found(registryA, "carol")), 10)).isInstanceOf(NotIn.class);
        // nothing of it is left in Redis
        assertThat(nodeA.sync().exists(key("gc", "c", chat.id()))).isZero();
        assertThat(nodeA.sync().hlen(key("gc", "n", nodeA.id()))).isZero();
        assertThat(nodeA.sync().hlen(key("gc", "n", nodeB.id()))).isZero();
    }

    @Test
    void aSessionTakenOverLeavesItsChatsAsItClosesAndItsSuccessorIsNotIn() {
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        // bob logs in again (a takeover on node B, as one from another node leaves it): his former session
        // no longer holds bob, and closes
        Seat bobAgain = login(registryB, "bob");

        assertThat(b.chatOf(chat.id(), "bob", bobAgain)).isEmpty();
        assertThat(b.chatsOf(bob)).containsExactly(chat.id());
        assertThat(b.leave(chat.id(), "bob", bob)).contains(List.of("alice"));
        registryB.release(bob);
        assertThat(a.participants(chat.id())).containsExactly("alice");
    }

    @Test
    void aSessionThatEndedWithoutLeavingIsDroppedByItsNodeAndTheOthersAreTold() throws Exception {
        CompletableFuture<List<Object>> told = new CompletableFuture<>();
        a.onDropped((id, users, remaining) -> told.complete(List.of(id, users, remaining)));
        b.onDropped((id, users, remaining) -> told.completeExceptionally(new AssertionError("told on node B")));
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        String sid = registryA.idOf(alice);
        // alice logs in again on the same node, and her former session's close could not leave (Redis was away)
        login(registryA, "alice");

        a.renew();
        assertThat(told.get(5, TimeUnit.SECONDS)).isEqualTo(List.of(chat.id(), List.of("alice"), List.of("bob")));
        assertThat(b.participants(chat.id())).containsExactly("bob");
        assertThat(nodeA.sync().hget(key("gc", "n", nodeA.id()), sid)).isNull();
    }

    @Test
    void theSeatsOfANodeThatDiedLapseAndANodeStillThereTellsTheOthers() throws Exception {
        CompletableFuture<List<Object>> told = new CompletableFuture<>();
        a.onDropped((id, users, remaining) -> told.complete(List.of(id, users, remaining)));
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob"), found(registryA, "carol")));
        // node B dies without a word: nothing renews bob's and carol's seats any more
        nodes.killB();

        // node A's heartbeat drops them once they lapse (the session time to live)
        assertThat(told.get(config.sessionTtl().toSeconds() + 10, TimeUnit.SECONDS))
                .isEqualTo(List.of(chat.id(), List.of("bob", "carol"), List.of("alice")));
        assertThat(a.participants(chat.id())).containsExactly("alice");
        assertThat(a.chatOf(chat.id(), "alice", alice)).isPresent();
    }

    @Test
    void aChatsKeysLapseUnlessANodeOfItsParticipantsRenewsThem() {
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        long ttl = config.sessionTtl().toMillis();
        for (String k : List.of(key("gc", "c", chat.id()), key("gc", "n", nodeA.id()), key("gc", "n", nodeB.id()),
                key("gc", "open"))) {
            assertThat(nodeA.sync().pttl(k)).as(k).isPositive().isLessThanOrEqualTo(ttl);
        }

        nodeA.sync().persist(key("gc", "c", chat.id()));
        a.renew().join();
        assertThat(nodeA.sync().pttl(key("gc", "c", chat.id()))).isPositive().isLessThanOrEqualTo(ttl);
    }

    @Test
    void whenRedisFailsGroupChatsAreUnavailableAndTheGaugeKeepsItsLastReading() {
        Chat chat = a.open("alice", 1, alice, seats(found(registryA, "bob")));
        assertThat(a.count()).isEqualTo(1);
        // Redis answers every command with an error (here: the keys hold what the scripts do not expect)
        nodeA.sync().del(key("gc", "n", nodeA.id()), key("gc", "open"));
        nodeA.sync().set(key("gc", "n", nodeA.id()), "x");
        nodeA.sync().set(key("gc", "open"), "x");

        assertThatThrownBy(() -> a.chatsOf(alice)).isInstanceOf(Unavailable.class);
        assertThatThrownBy(() -> a.leave(chat.id(), "alice", alice)).isInstanceOf(Unavailable.class);
        assertThat(a.count()).isEqualTo(1);
    }
}
