package dev.revenant.cluster;

import dev.revenant.core.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.TwoNodes;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one community on the test Redis counting attempts together: core's FailureThrottleTest across
 * nodes, and the records' expiry. Both nodes read the test's clock, which the test moves on.
 */
class RedisAttemptsTest {
    private TwoNodes nodes;
    final MovableClock clock = new MovableClock();
    private ClusterConfig config;
    private RedisNode nodeA;
    private RedisNode nodeB;

    @BeforeEach
    void twoNodes() {
        nodes = TwoNodes.start();
        config = nodes.config;
        nodeA = nodes.nodeA;
        nodeB = nodes.nodeB;
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private RedisAttempts on(RedisNode node, int threshold, Duration firstDelay, Duration maxDelay) {
        return new RedisAttempts(node, "test.registrations", threshold, firstDelay, maxDelay, clock, 1000);
    }

    @Test
    void failuresOnEitherNodeLockWithAGrowingDelayAndASuccessForgetsThem() {
        RedisAttempts a = on(nodeA, 3, Duration.ofSeconds(10), Duration.ofMinutes(5));
        RedisAttempts b = on(nodeB, 3, Duration.ofSeconds(10), Duration.ofMinutes(5));
        a.failed("ip:10.0.0.1");
        b.failed("ip:10.0.0.1");
        assertThat(a.refusedFor("ip:10.0.0.1")).isEmpty();
        a.failed("ip:10.0.0.1");
        assertThat(b.refusedFor("ip:10.0.0.1")).as("the third failure, on the other node")
                .contains(Duration.ofSeconds(10));
        assertThat(b.refusedFor("ip:10.0.0.2")).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(a.refusedFor("ip:10.0.0.1")).isEmpty();
        b.failed("ip:10.0.0.1");
        assertThat(a.refusedFor("ip:10.0.0.1")).contains(Duration.ofSeconds(20));
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? a : b).failed("ip:10.0.0.1");
        }
        assertThat(a.refusedFor("ip:10.0.0.1")).as("up to the longest delay").contains(Duration.ofMinutes(5));
        b.succeeded("ip:10.0.0.1");
        assertThat(a.refusedFor("ip:10.0.0.1")).isEmpty();
        a.failed("ip:10.0.0.1");
        assertThat(b.refusedFor("ip:10.0.0.1")).as("counting starts again").isEmpty();
    }

    @Test
    void failuresTheLongestDelayAgoNoLongerCount() {
        RedisAttempts a = on(nodeA, 3, Duration.ofSeconds(10), Duration.ofMinutes(5));
        a.failed("ip:10.0.0.1");
        a.failed("ip:10.0.0.1");
        clock.advance(Duration.ofMinutes(5));
        a.failed("ip:10.0.0.1");
        assertThat(a.refusedFor("ip:10.0.0.1")).isEmpty();
        a.failed("ip:10.0.0.1");
        a.failed("ip:10.0.0.1");
        assertThat(a.refusedFor("ip:10.0.0.1")).contains(Duration.ofSeconds(10));
    }

    @Test
    void aRecordExpiresTheLongestDelayAfterItsLastFailure() {
        RedisAttempts a = on(nodeA, 3, Duration.ofSeconds(10), Duration.ofMinutes(5));
        a.failed("ip:10.0.0.1");
        String key = config.name() + ":attempts:test.registrations:ip:10.0.0.1";
        assertThat(a.recordKey("ip:10.0.0.1")).isEqualTo(key);
        assertThat(nodeB.sync().pttl(key)).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis());

        nodeB.sync().pexpire(key, 1_000); // renewed by the next failure
        a.failed("ip:10.0.0.1");
        assertThat(nodeB.sync().pttl(key)).isGreaterThan(1_000).isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void aKeyUnderAttackIsNotForgottenWhenStrangersFloodPastTheCapacity() {
        RedisAttempts a = new RedisAttempts(nodeA, "test.registrations", 3, Duration.ofSeconds(10),
                Duration.ofMinutes(15), clock, 10);
        for (int i = 0; i < 3; i++) {
            a.failed("ip:victim");
        }
        for (int i = 0; i < 100; i++) {
            a.failed("ip:stranger" + i);
        }
        assertThat(on(nodeB, 3, Duration.ofSeconds(10), Duration.ofMinutes(15)).refusedFor("ip:victim")).isPresent();
    }

    @Test
    void withoutAThresholdNothingIsCountedOrRefused() {
        RedisAttempts a = on(nodeA, 0, Duration.ofSeconds(10), Duration.ofMinutes(5));
        for (int i = 0; i < 5; i++) {
            a.failed("ip:10.0.0.1");
        }
        assertThat(a.refusedFor("ip:10.0.0.1")).isEmpty();
        assertThat(nodeB.sync().exists(a.recordKey("ip:10.0.0.1"))).isZero();
    }

    @Test
    void eachPurposeCountsApart() {
        RedisAttempts registrations = on(nodeA, 1, Duration.ofSeconds(10), Duration.ofMinutes(5));
        RedisAttempts other = new RedisAttempts(nodeB, "test.other", 1, Duration.ofSeconds(10), Duration.ofMinutes(5),
                clock, 1000);
        registrations.failed("ip:10.0.0.1");
        assertThat(registrations.refusedFor("ip:10.0.0.1")).isPresent();
        assertThat(other.refusedFor("ip:10.0.0.1")).isEmpty();
    }

    @Test
    void whileRedisIsAwayTheNodeCountsAlone() {
        try (RedisOutage away = new RedisOutage(config)) {
            RedisAttempts alone = on(away.node, 2, Duration.ofSeconds(10), Duration.ofMinutes(5));
            alone.failed("ip:10.0.0.1");
            alone.failed("ip:10.0.0.1");
            assertThat(alone.refusedFor("ip:10.0.0.1")).contains(Duration.ofSeconds(10));
            assertThat(on(nodeB, 2, Duration.ofSeconds(10), Duration.ofMinutes(5)).refusedFor("ip:10.0.0.1")).isEmpty();
            alone.succeeded("ip:10.0.0.1");
            assertThat(alone.refusedFor("ip:10.0.0.1")).isEmpty();
        }
    }
}
