package dev.revenant.core.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures per key (an account, an address) and, once {@code threshold} failures have piled up,
 * refuses the key for a delay that doubles with each further failure, up to {@code maxDelay}. A success
 * forgets the key. Brute-forcing a password then costs hours instead of seconds.
 */
public final class FailureThrottle {
    private record Record(int failures, Instant lockedUntil, Instant lastFailure) {}

    private final int threshold;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final ConcurrentHashMap<String, Record> records = new ConcurrentHashMap<>();

    public FailureThrottle(int threshold, Duration firstDelay, Duration maxDelay, Clock clock) {
        this.threshold = threshold;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** How long the key is still refused, if it is. */
    public Optional<Duration> refusedFor(String key) {
        if (threshold <= 0) {
            return Optional.empty();
        }
        Record r = records.get(key);
        if (r == null || r.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), r.lockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String key) {
        if (threshold <= 0) {
            return;
        }
        Instant now = clock.instant();
        records.compute(key, (k, r) -> {
            // failures long ago (past the longest delay) no longer count
            int failures = r == null || r.lastFailure().plus(maxDelay).isBefore(now) ? 1 : r.failures() + 1;
            Instant until = null;
            if (failures >= threshold) {
                int doublings = Math.min(20, failures - threshold);
                Duration delay = firstDelay.multipliedBy(1L << doublings);
                until = now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
            }
            return new Record(failures, until, now);
        });
        if (records.size() > 100_000) {
            records.entrySet().removeIf(e -> e.getValue().lastFailure().plus(maxDelay).isBefore(now));
        }
    }

    public void succeeded(String key) {
        records.remove(key);
    }
}
