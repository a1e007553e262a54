package dev.revenant.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    @Test
    void allowsTheBurstThenTheRate() {
        AtomicLong now = new AtomicLong();
        RateLimit limit = new RateLimit(2, 3, now::get);
        assertThat(limit.tryTake()).isTrue();
        assertThat(limit.tryTake()).isTrue();
        assertThat(limit.tryTake()).isTrue();
        assertThat(limit.tryTake()).isFalse();
        now.addAndGet(500_000_000L); // half a second: one token
        assertThat(limit.tryTake()).isTrue();
        assertThat(limit.tryTake()).isFalse();
        now.addAndGet(60_000_000_000L); // a long pause saves only the burst
        for (int i = 0; i < 3; i++) {
            assertThat(limit.tryTake()).isTrue();
        }
        assertThat(limit.tryTake()).isFalse();
        assertThat(new RateLimit(0, 0, now::get).tryTake()).as("0: no limit").isTrue();
    }
}
