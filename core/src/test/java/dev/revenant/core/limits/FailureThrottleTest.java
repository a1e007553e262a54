package dev.revenant.core.limits;

import dev.revenant.core.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {
    final MovableClock clock = new MovableClock();

    @Test
    void locksAfterTheThresholdWithAGrowingDelayAndForgetsOnSuccess() {
        FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
        t.failed("user:alice");
        t.failed("user:alice");
        assertThat(t.refusedFor("user:alice")).isEmpty();
        t.failed("user:alice");
        assertThat(t.refusedFor("user:alice")).contains(Duration.ofSeconds(10));
        assertThat(t.refusedFor("user:bob")).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.refusedFor("user:alice")).isEmpty();
        t.failed("user:alice");
        assertThat(t.refusedFor("user:alice")).contains(Duration.ofSeconds(20));
        for (int i = 0; i < 10; i++) {
            t.failed("user:alice");
        }
        assertThat(t.refusedFor("user:alice")).contains(Duration.ofMinutes(5));
        t.succeeded("user:alice");
        assertThat(t.refusedFor("user:alice")).isEmpty();
    }

    @Test
    void theFailedLoginTableIsBounded() {
        FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(10), Duration.ofMinutes(15), clock, 1000);
        for (int i = 0; i < 1000 + 500; i++) {
            t.failed("user:stranger" + i);
        }
        assertThat(t.size()).isEqualTo(1000);
    }

    @Test
    void aKeyUnderAttackIsNotForgottenWhenStrangersFloodTheTable() {
        FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(10), Duration.ofMinutes(15), clock, 1000);
        for (int i = 0; i < 3; i++) {
            t.failed("user:victim");
        }
        for (int i = 0; i < 10_000; i++) {
            t.failed("user:stranger" + i);
            if (i % 50 == 0) {
                t.refusedFor("user:victim"); // its guesser keeps coming back
            }
        }
        assertThat(t.refusedFor("user:victim")).isPresent();
    }
}
