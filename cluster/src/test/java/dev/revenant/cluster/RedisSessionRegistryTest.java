package dev.revenant.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.TwoNodes;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes of one community on the test Redis: the session directory, takeovers, deliveries and keys. */
class RedisSessionRegistryTest {
    private TwoNodes nodes;
    private ClusterConfig config;
    private ExecutorService work;
    private RedisNode nodeA;
    private RedisNode nodeB;
    private RedisSessionRegistry a;
    private RedisSessionRegistry b;

    @BeforeEach
    void twoNodes() {
        nodes = TwoNodes.start();
        config = nodes.config;
        nodeA = nodes.nodeA;
        nodeB = nodes.nodeB;
        work = nodes.work;
        a = nodes.registryA();
        b = nodes.registryB();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aUserOnAnotherNodeIsFoundWithTheirPublishedAttributes() {
        FakeSession alice = new FakeSession("alice", "1");
        assertThat(a.claim(alice)).isEmpty();

        SessionHandle seen = b.lookup("mig33", "alice").orElseThrow();
        assertThat(seen).isNotSameAs(alice);
        assertThat(seen.attribute("presence")).isEqualTo("1");
        assertThat(seen.attribute("node")).isEqualTo(nodeA.id());
        assertThat(b.lookup("mig33", "bob")).isEmpty();
        assertThat(b.count("mig33")).isZero(); // count and sessions are this node's
        assertThat(a.lookup("mig33", "alice")).containsSame(alice);

        alice.attributes.put("presence", "2");
        a.changed(alice);
        nodeA.sync().ping(); // one connection answers in order: the change was written before this
        assertThat(b.lookup("mig33", "alice").orElseThrow().attribute("presence")).isEqualTo("2");
    }

    @Test
    void aLoginOnAnotherNodeEndsTheFormerSessionThere() throws Exception {
        FakeSession first = new FakeSession("alice", "1");
        FakeSession second = new FakeSession("alice", "1");
        a.claim(first);

        SessionHandle previous = b.claim(second).orElseThrow();
        assertThat(previous.attribute("node")).isEqualTo(nodeA.id());
        previous.end("You have logged in from another location");

        assertThat(first.ended.get(5, TimeUnit.SECONDS)).isEqualTo("You have logged in from another location");
        assertThat(second.ended).isNotDone();
        nodeA.sync().ping(); // node A's count was written (asynchronously) before this is answered
        assertThat(b.online("mig33")).as("alice once, on node B: node A no longer counts the session it ended").isEqualTo(1);
        assertThat(a.lookup("mig33", "alice").orElseThrow().attribute("node")).isEqualTo(nodeB.id());
        // the former session's own release (its connection closing) leaves the newer entry alone
        assertThat(a.release(first)).isFalse(); // the end took it off node A already
        assertThat(a.lookup("mig33", "alice").orElseThrow().attribute("node")).isEqualTo(nodeB.id());
    }

    @Test
    void aSessionTakenOverKeepsTheIdItWasClaimedUnderUntilItIsReleased() {
        FakeSession first = new FakeSession("alice", "1");
        a.claim(first);
        String sid = a.idOf(first);
        FakeSession second = new FakeSession("alice", "1");
        a.claim(second); // a login on the same node

        assertThat(a.idOf(first)).as("it no longer holds alice").isNull();
        assertThat(a.claimedIdOf(first)).as("but closes under its id").isEqualTo(sid);
        assertThat(a.claimedIdOf(second)).isEqualTo(a.idOf(second)).isNotEqualTo(sid);
        assertThat(a.release(first)).isFalse();
        assertThat(a.claimedIdOf(first)).isNull();
        assertThat(b.claimedIdOf(b.lookup("mig33", "alice").orElseThrow())).as("another node's").isNull();
    }

    @Test
    void aReleaseRemovesOnlyTheReleasingSessionsEntry() {
        FakeSession first = new FakeSession("alice", "1");
        FakeSession second = new FakeSession("alice", "1");
        a.claim(first);
        b.claim(second);
        // node A has not heard of the takeover yet when its session closes
        assertThat(a.release(first)).isTrue();
        nodeA.sync().ping();
        assertThat(a.lookup("mig33", "alice")).isPresent();

        assertThat(b.release(second)).isTrue();
        nodeB.sync().ping();
        assertThat(a.lookup("mig33", "alice")).isEmpty();
    }

    @Test
    void aDeliveryCrossesToTheNodeHoldingTheUserAndSaysWhetherItWasTaken() throws Exception {
        FakeSession alice = new FakeSession("alice", "1");
        a.claim(alice);
        RedisMessageBus busB = new RedisMessageBus(nodeB, b);

        Delivery hello = Delivery.of("message", "from", "bob", "text", "hello");
        assertThat(busB.deliver("mig33", "alice", hello).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(alice.received.poll(5, TimeUnit.SECONDS)).isEqualTo(hello);

        alice.takes = false;
        assertThat(busB.deliver("mig33", "alice", hello).toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(busB.deliver("mig33", "carol", hello).toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(nodes.metersB.counter(ClusterMetrics.DELIVERIES, "outcome", "delivered").count()).isEqualTo(1);
        assertThat(nodes.metersB.counter(ClusterMetrics.DELIVERIES, "outcome", "refused").count())
                .as("alice's node did not take it; carol is on no node, so it was never asked").isEqualTo(1);
    }

    @Test
    void deliveriesFromOneSenderReachTheSessionOnAnotherNodeInTheOrderSent() throws Exception {
        // the receiving node hands deliveries to a pool of several threads, as a server's workers are
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (RedisNode holding = RedisNode.connect(config)) {
            RedisSessionRegistry holder = new RedisSessionRegistry(holding, pool);
            FakeSession alice = new FakeSession("alice", "1");
            holder.claim(alice);
            SessionHandle there = b.lookup("mig33", "alice").orElseThrow();
            java.util.List<java.util.concurrent.CompletableFuture<Boolean>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(there.deliver(Delivery.of("message", "text", "m" + i)).toCompletableFuture());
            }
            for (var answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
            }
            java.util.List<String> texts = new java.util.ArrayList<>();
            alice.received.forEach(d -> texts.add(d.fields().get("text")));
            assertThat(texts).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "m" + i).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeliveryToANodeThatIsGoneIsNotTaken() throws Exception {
        FakeSession alice = new FakeSession("alice", "1");
        a.claim(alice);
        SessionHandle remote = b.lookup("mig33", "alice").orElseThrow();
        // node A dies without a word: its channel has no listener, its entry lives until it expires
        nodeA.stopListening(nodeA.key("node", nodeA.id()));
        nodeA.settled();

        assertThat(remote.deliver(Delivery.of("message", "text", "hi")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isFalse();
        assertThat(alice.received).isEmpty();
    }

    @Test
    void aDeliveryWhoseAckIsLateIsStillOneDeliveryAndNotStored() throws Exception {
        // a short wait for acks on the asking node; the recipient's connection writes only when the test says
        ClusterConfig quick = new ClusterConfig(config.redis(), config.name(), config.heartbeat(), config.sessionTtl(),
                Duration.ofMillis(200), config.commandTimeout());
        try (RedisNode asking = RedisNode.connect(quick)) {
            var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            RedisSessionRegistry asker = new RedisSessionRegistry(asking, work, meters);
            FakeSession alice = new FakeSession("alice", "1");
            alice.write = new java.util.concurrent.CompletableFuture<>();
            a.claim(alice);
            java.util.concurrent.CompletableFuture<String> late = new java.util.concurrent.CompletableFuture<>();
            asker.lateAcks = late::complete;

            var delivered = asker.lookup("mig33", "alice").orElseThrow()
                    .deliver(Delivery.of("message", "text", "slow")).toCompletableFuture();
            // the asker's wait ran out; alice's node had taken the delivery first, so the asker waits for its ack
            String req = late.get(5, TimeUnit.SECONDS);
            assertThat(nodeB.sync().get(config.name() + ":req:" + req)).isEqualTo("taken");
            alice.write.complete(true);

            assertThat(delivered.get(5, TimeUnit.SECONDS)).as("delivered, so the sender's node stores nothing").isTrue();
            assertThat(alice.received).hasSize(1);
            assertThat(meters.counter(ClusterMetrics.DELIVERIES, "outcome", "late").count()).isEqualTo(1);
        }
    }

    @Test
    void aDeliveryTheAskerGaveUpOnIsDroppedByTheRecipientsNode() throws Exception {
        FakeSession alice = new FakeSession("alice", "1");
        a.claim(alice);
        // the asker's wait ran out before node A heard of request r1: the asker set its key, and stored the message
        nodeB.sync().set(config.name() + ":req:r1", "stored");
        String channel = config.name() + ":node:" + nodeA.id();
        nodeB.sync().publish(channel, NodeMessage.deliver("r1", nodeB.id(), "mig33", "alice", "message",
                java.util.Map.of("text", "stored already")).json());

        var next = b.lookup("mig33", "alice").orElseThrow().deliver(Delivery.of("message", "text", "next"))
                .toCompletableFuture();
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        // node A handles its channel in order: r1 was settled (dropped) before the next one was written
        assertThat(alice.received).extracting(d -> d.field("text")).containsExactly("next");
    }

    @Test
    void anEntryExpiresUnlessItsNodeRenewsIt() {
        a.claim(new FakeSession("alice", "1"));
        String key = config.name() + ":s:mig33:alice";
        long ttl = nodeB.sync().pttl(key);
        assertThat(ttl).isPositive().isLessThanOrEqualTo(config.sessionTtl().toMillis());

        nodeA.sync().pexpire(key, 50_000);
        a.heartbeat().join();
        assertThat(nodeB.sync().pttl(key)).isLessThanOrEqualTo(config.sessionTtl().toMillis());
    }

    @Test
    void theHeartbeatWritesTheDirectoryAgainAfterRedisLostIt() {
        a.claim(new FakeSession("alice", "1"));
        nodeB.sync().del(config.name() + ":s:mig33:alice"); // Redis restarted: it keeps nothing on disk
        assertThat(b.lookup("mig33", "alice")).isEmpty();

        a.heartbeat().join();
        assertThat(b.lookup("mig33", "alice")).isPresent();
    }

    @Test
    void theHeartbeatRenewsAndRewritesEntriesInBatches() {
        for (int i = 0; i < 450; i++) { // more than two of the heartbeat's batches
            a.claim(new FakeSession("user" + i, "1"));
        }
        for (int i = 0; i < 450; i += 3) {
            nodeB.sync().del(config.name() + ":s:mig33:user" + i); // lost
        }
        for (int i = 1; i < 450; i += 3) {
            nodeB.sync().pexpire(config.name() + ":s:mig33:user" + i, 50_000); // not renewed yet
        }

        a.heartbeat().join();
        for (int i = 0; i < 450; i++) {
            assertThat(b.lookup("mig33", "user" + i)).as("user%d", i).isPresent();
            assertThat(nodeB.sync().pttl(config.name() + ":s:mig33:user" + i)).as("user%d", i)
                    .isPositive().isLessThanOrEqualTo(config.sessionTtl().toMillis());
        }
    }

    @Test
    void aSessionWhoseUserAnotherNodeHoldsNowIsEndedByTheHeartbeat() throws Exception {
        FakeSession first = new FakeSession("alice", "1");
        FakeSession second = new FakeSession("alice", "1");
        a.claim(first);
        b.claim(second); // and node B's "end" never reached A (Redis was away)

        a.heartbeat();
        assertThat(first.ended.get(5, TimeUnit.SECONDS)).isEqualTo(RedisSessionRegistry.TAKEN_OVER);
        assertThat(second.ended).isNotDone();
    }

    @Test
    void theUsersOnlineAreCountedOnEveryNodeAndADeadNodesAreNot() {
        // a third node whose heartbeat does not come round during the test, so that the test can end its life
        RedisNode nodeC = RedisNode.connect(config.withTimes(Duration.ofHours(1), Duration.ofHours(2)));
        try {
            RedisSessionRegistry c = new RedisSessionRegistry(nodeC, work);
            a.claim(new FakeSession("alice", "1"));
            FakeSession carol = new FakeSession("carol", "1");
            c.claim(new FakeSession("bob", "1"));
            c.claim(carol);
            nodeA.sync().ping();
            nodeC.sync().ping();
            assertThat(a.online("mig33")).isEqualTo(3);
            assertThat(b.online("mig33")).isEqualTo(3);
            assertThat(a.count("mig33")).isEqualTo(1);

            c.release(carol);
            nodeC.sync().ping();
            assertThat(b.online("mig33")).isEqualTo(2);

            // node C dies without a word: once its heartbeat's mark expires, its users are no longer counted
            nodeA.sync().del(config.name() + ":alive:" + nodeC.id());
            assertThat(b.online("mig33")).isEqualTo(1);
            nodeB.sync().ping();
            assertThat(nodeA.sync().hexists(config.name() + ":online:mig33", nodeC.id())).isFalse();
        } finally {
            nodeC.close();
        }
    }

    @Test
    void keysAreSharedAndExpire() {
        a.putKey("pangya.login", "k1", "42", Duration.ofMinutes(1));
        assertThat(b.key("pangya.login", "k1")).contains("42");
        assertThat(nodeB.sync().pttl(config.name() + ":k:pangya.login:k1")).isPositive().isLessThanOrEqualTo(60_000);
        b.removeKey("pangya.login", "k1");
        assertThat(a.key("pangya.login", "k1")).isEmpty();
    }
}
