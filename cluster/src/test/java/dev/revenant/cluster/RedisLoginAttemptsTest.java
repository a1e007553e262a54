package dev.revenant.cluster;

import dev.revenant.core.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.TwoNodes;
import dev.revenant.core.limits.LoginThrottle;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one community on the test Redis sharing the failed-login lockout: core's LoginThrottleTest
 * across nodes, a guesser spreading guesses over nodes, and the keys' expiry. Both nodes read the test's clock.
 */
class RedisLoginAttemptsTest {
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

    private RedisLoginAttempts on(RedisNode node, int threshold) {
        return new RedisLoginAttempts(node, "mig33", threshold, Duration.ofSeconds(30), Duration.ofMinutes(15), clock,
                1000);
    }

    @Test
    void failuresOnOneNodeLockTheAccountOutOnAnother() {
        RedisLoginAttempts a = on(nodeA, 3);
        RedisLoginAttempts b = on(nodeB, 3);
        for (int i = 0; i < 3; i++) {
            a.failed("alice", "10.0.0." + (100 + i));
        }
        assertThat(b.refusedFor("alice", "10.0.0.9")).contains(Duration.ofSeconds(30));
        assertThat(b.refusedFor("bob", "10.0.0.9")).isEmpty();

        // the lockout runs out, and the next failure doubles it, wherever it is made
        clock.advance(Duration.ofSeconds(30));
        assertThat(b.refusedFor("alice", "10.0.0.9")).isEmpty();
        b.failed("alice", "10.0.0.103");
        assertThat(a.refusedFor("alice", "10.0.0.9")).contains(Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? a : b).failed("alice", "10.0.0." + (110 + i));
        }
        assertThat(a.refusedFor("alice", "10.0.0.9")).as("up to the longest lockout").contains(Duration.ofMinutes(15));

        b.succeeded("alice", "10.0.0.1");
        assertThat(a.refusedFor("alice", "10.0.0.9")).as("her login clears the account's count").isEmpty();
    }

    @Test
    void aGuesserAtOneAddressIsLockedOutOfEveryAccountOnEveryNode() {
        RedisLoginAttempts a = on(nodeA, 3);
        RedisLoginAttempts b = on(nodeB, 3);
        a.failed("alice", "10.0.0.66");
        b.failed("bob", "10.0.0.66");
        a.failed("carol", "10.0.0.66");
        assertThat(b.refusedFor("dave", "10.0.0.66")).isPresent();
        assertThat(b.refusedFor("dave", "10.0.0.67")).isEmpty();
    }

    @Test
    void aKnownAddressIsHeldOnlyToItsOwnCountAndForgottenAfterThirtyDays() {
        RedisLoginAttempts a = on(nodeA, 3);
        RedisLoginAttempts b = on(nodeB, 3);
        a.succeeded("alice", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            b.failed("alice", "10.0.0." + (100 + i));
        }
        assertThat(b.refusedFor("alice", "10.0.0.9")).as("a stranger meets the account's lock").isPresent();
        assertThat(b.refusedFor("alice", "10.0.0.1")).as("her known address, learnt on the other node, does not")
                .isEmpty();

        // thirty days without a login there: the address is a stranger's again
        clock.advance(LoginThrottle.REMEMBERED.plusSeconds(1));
        for (int i = 0; i < 3; i++) {
            b.failed("alice", "10.0.0." + (100 + i));
        }
        assertThat(b.refusedFor("alice", "10.0.0.1")).isPresent();
    }

    @Test
    void guessesFromAKnownAddressAreCountedAndLockedLikeAnyOthers() {
        RedisLoginAttempts a = on(nodeA, 3);
        RedisLoginAttempts b = on(nodeB, 3);
        a.succeeded("alice", "10.0.0.1");
        a.failed("alice", "10.0.0.1");
        b.failed("alice", "10.0.0.1");
        assertThat(a.refusedFor("alice", "10.0.0.1")).isEmpty();
        a.failed("alice", "10.0.0.1");
        assertThat(b.refusedFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(30));
    }

    @Test
    void aSuccessClearsTheAccountButNotTheAddress() {
        RedisLoginAttempts a = on(nodeA, 2);
        RedisLoginAttempts b = on(nodeB, 2);
        a.failed("bob", "10.0.0.5");
        b.failed("carol", "10.0.0.5");
        a.succeeded("mallory", "10.0.0.5");
        assertThat(b.refusedFor("dave", "10.0.0.5")).isPresent();
        assertThat(b.refusedFor("mallory", "10.0.0.5")).as("mallory's own known address").isEmpty();
    }

    @Test
    void eachServiceHasItsOwnAccounts() {
        RedisLoginAttempts mig33 = on(nodeA, 1);
        RedisLoginAttempts pangya = new RedisLoginAttempts(nodeB, "pangya", 1, Duration.ofSeconds(30),
                Duration.ofMinutes(15), clock, 1000);
        mig33.failed("alice", "10.0.0.1");
        assertThat(mig33.refusedFor("alice", "10.0.0.2")).isPresent();
        assertThat(pangya.refusedFor("alice", "10.0.0.2")).isEmpty();
    }

    @Test
    void failureRecordsExpireAfterTheLongestLockoutAndKnownAddressesAfterThirtyDays() {
        RedisLoginAttempts a = on(nodeA, 3);
        a.failed("alice", "10.0.0.9");
        a.succeeded("bob", "10.0.0.1");
        long longest = Duration.ofMinutes(15).toMillis();
        String prefix = config.name() + ":logins:mig33:";
        for (String record : new String[] {"user:alice", "ip:10.0.0.9", "pair:alice@10.0.0.9"}) {
            assertThat(nodeB.sync().pttl(prefix + record)).as(record).isPositive().isLessThanOrEqualTo(longest);
        }
        assertThat(nodeB.sync().pttl(prefix + "known:bob@10.0.0.1")).isGreaterThan(longest)
                .isLessThanOrEqualTo(LoginThrottle.REMEMBERED.toMillis());
        assertThat(nodeB.sync().keys(config.name() + ":*")).as("nothing else").hasSize(4);
    }

    @Test
    void withoutAThresholdNobodyIsLockedOut() {
        RedisLoginAttempts a = on(nodeA, 0);
        for (int i = 0; i < 5; i++) {
            a.failed("alice", "10.0.0.9");
        }
        assertThat(on(nodeB, 0).refusedFor("alice", "10.0.0.9")).isEmpty();
        assertThat(nodeB.sync().keys(config.name() + ":*")).isEmpty();
    }

    @Test
    void whileRedisIsAwayTheNodeCountsAlone() {
        try (RedisOutage away = new RedisOutage(config)) {
            RedisLoginAttempts alone = on(away.node, 2);
            alone.succeeded("alice", "10.0.0.1");
            alone.failed("alice", "10.0.0.9");
            alone.failed("alice", "10.0.0.9");
            assertThat(alone.refusedFor("alice", "10.0.0.9")).contains(Duration.ofSeconds(30));
            assertThat(alone.refusedFor("alice", "10.0.0.1")).as("her known address, remembered in memory").isEmpty();
            assertThat(on(nodeB, 2).refusedFor("alice", "10.0.0.9")).isEmpty();
        }
    }
}
