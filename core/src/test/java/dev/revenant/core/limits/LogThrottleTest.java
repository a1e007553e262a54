package dev.revenant.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    @Test
    void oneLinePerIntervalAndTheCountOfTheRest() {
        AtomicLong clock = new AtomicLong(1_000);
        LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), clock::get);
        assertThat(throttle.admit()).as("the first is logged").isZero();
        assertThat(throttle.admit()).isEqualTo(-1);
        assertThat(throttle.admit()).isEqualTo(-1);
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(throttle.admit()).as("still within the interval").isEqualTo(-1);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(throttle.admit()).as("logged, with the three held back").isEqualTo(3);
        assertThat(throttle.admit()).isEqualTo(-1);
    }
}
