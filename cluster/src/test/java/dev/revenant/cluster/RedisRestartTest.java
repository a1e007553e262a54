package dev.revenant.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.RedisProcess;
import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.session.Delivery;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Redis killed and started again (empty, as the CI machine's keeps nothing on disk): meanwhile each node
 * serves its own users; afterwards the nodes are one community again by themselves.
 */
class RedisRestartTest {
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void whileRedisIsAwayEachNodeServesItsOwnAndAfterwardsTheyAreOneAgain() throws Exception {
        ExecutorService work = Executors.newFixedThreadPool(2);
        try (RedisProcess redis = RedisProcess.start()) {
            ClusterConfig config = TestRedis.fresh().withRedis(redis.uri()).withTimes(Duration.ofHours(1), Duration.ofHours(2));
            try (RedisNode nodeA = RedisNode.connect(config); RedisNode nodeB = RedisNode.connect(config)) {
                RedisSessionRegistry a = new RedisSessionRegistry(nodeA, work);
                RedisSessionRegistry b = new RedisSessionRegistry(nodeB, work);
                RedisMessageBus busA = new RedisMessageBus(nodeA, a);
                RedisMessageBus busB = new RedisMessageBus(nodeB, b);
                FakeSession alice = new FakeSession("alice", "1");
                a.claim(alice);

                redis.kill();
                await(() -> !nodeA.up() && !nodeB.up(), "both nodes to see Redis gone");
                // node B's own user logs in and is reached; alice, on node A, is out of its sight
                FakeSession bob = new FakeSession("bob", "1");
                assertThat(b.claim(bob)).isEmpty();
                assertThat(b.lookup("mig33", "bob")).containsSame(bob);
                assertThat(busB.deliver("mig33", "alice", Delivery.of("message", "text", "stored instead"))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
                // a topic followed while Redis is away is listened to once it is back
                LinkedBlockingQueue<Delivery> onA = new LinkedBlockingQueue<>();
                busA.subscribe("mig33.presence.bob", onA::add);

                redis.restart();
                await(() -> nodeA.up() && nodeB.up(), "both nodes to reconnect by themselves");
                nodeA.settled();
                a.heartbeat().get(5, TimeUnit.SECONDS); // what the timer does: the emptied directory is written again
                b.heartbeat().get(5, TimeUnit.SECONDS);
                assertThat(b.lookup("mig33", "alice").orElseThrow().attribute("node")).isEqualTo(nodeA.id());
                assertThat(busB.deliver("mig33", "alice", Delivery.of("message", "text", "hello again"))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
                assertThat(alice.received.poll(5, TimeUnit.SECONDS).field("text")).isEqualTo("hello again");
                busB.publish("mig33.presence.bob", Delivery.of("presence", "presence", "2"));
                assertThat(onA.poll(5, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            work.shutdownNow();
        }
    }

    @Test
    void anAckThatDiedWithRedisIsSentAgainAndTheMessageIsNotStoredToo() throws Exception {
        ExecutorService work = Executors.newFixedThreadPool(2);
        try (RedisProcess redis = RedisProcess.start()) {
            ClusterConfig base = TestRedis.fresh().withRedis(redis.uri()).withTimes(Duration.ofHours(1), Duration.ofHours(2));
            // long enough for Redis to restart before the asker's wait for the ack runs out
            ClusterConfig config = new ClusterConfig(base.redis(), base.name(), base.heartbeat(), base.sessionTtl(),
                    Duration.ofSeconds(5), base.commandTimeout());
            try (RedisNode nodeA = RedisNode.connect(config); RedisNode nodeB = RedisNode.connect(config)) {
                RedisSessionRegistry a = new RedisSessionRegistry(nodeA, work);
                var metersB = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                RedisSessionRegistry b = new RedisSessionRegistry(nodeB, work, metersB);
                FakeSession alice = new FakeSession("alice", "1");
                b.claim(alice);
                java.util.concurrent.CompletableFuture<String> lost = new java.util.concurrent.CompletableFuture<>();
                a.ackLost = req -> lost.complete(req);

                var delivered = a.lookup("mig33", "alice").orElseThrow()
                        .deliver(Delivery.of("message", "text", "once")).toCompletableFuture();
                lost.get(5, TimeUnit.SECONDS); // node B wrote it to alice and acked; the ack died with Redis
                a.ackLost = req -> false;
                redis.kill();
                redis.restart(); // empty: node B's claim on the request is gone, so the asker's claim comes first
                await(() -> nodeA.up() && nodeB.up(), "both nodes to reconnect by themselves");

                assertThat(delivered.get(60, TimeUnit.SECONDS)).as("delivered, so the sender's node stores nothing").isTrue();
                assertThat(alice.received).hasSize(1);
                assertThat(metersB.counter(ClusterMetrics.ACKS_RESENT).count()).as("acks sent again").isGreaterThanOrEqualTo(1);
            }
        } finally {
            work.shutdownNow();
        }
    }
}
