package dev.revenant.core.limits;

import dev.revenant.core.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    final MovableClock clock = new MovableClock();

    @Test
    void aKnownAddressIsHeldOnlyToItsOwnCountAndForgottenAfterThirtyDays() {
        LoginThrottle t = new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofMinutes(15), clock, 1000);
        t.succeeded("alice", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            t.failed("alice", "10.0.0." + (100 + i));
        }
        assertThat(t.refusedFor("alice", "10.0.0.9")).as("a stranger meets the account's lock").isPresent();
        assertThat(t.refusedFor("alice", "10.0.0.1")).as("her known address does not").isEmpty();

        // thirty days without a login there: the address is a stranger's again
        clock.advance(LoginThrottle.REMEMBERED.plusSeconds(1));
        for (int i = 0; i < 3; i++) {
            t.failed("alice", "10.0.0." + (100 + i));
        }
        assertThat(t.refusedFor("alice", "10.0.0.1")).isPresent();
    }

    @Test
    void aSuccessClearsTheAccountButNotTheAddress() {
        LoginThrottle t = new LoginThrottle(2, Duration.ofSeconds(30), Duration.ofMinutes(15), clock, 1000);
        t.failed("bob", "10.0.0.5");
        t.failed("carol", "10.0.0.5");
        t.succeeded("mallory", "10.0.0.5");
        assertThat(t.refusedFor("dave", "10.0.0.5")).isPresent();
        assertThat(t.refusedFor("mallory", "10.0.0.5")).as("mallory's own known address").isEmpty();
    }
}
