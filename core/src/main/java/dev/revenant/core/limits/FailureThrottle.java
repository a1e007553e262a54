package dev.revenant.core.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Counts failures per key (an account, an address) and, once {@code threshold} failures have piled up,
 * refuses the key for a delay that doubles with each further failure, up to {@code maxDelay}. A success
 * forgets the key. Brute-forcing a password then costs hours instead of seconds.
 *
 * <p>The table holds at most {@code capacity} keys (a Caffeine cache: constant-time bookkeeping, records
 * dropped {@code maxDelay} after their last failure). When full, the keys used least are forgotten first
 * (Caffeine's W-TinyLFU), so a flood of one-off names does not push out a key that is being guessed at.
 */
public final class FailureThrottle implements Attempts {
    /** The capacity of the four-argument constructor. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private record Record(int failures, Instant lockedUntil, Instant lastFailure) {}

    private final int threshold;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final Cache<String, Record> records;

    public FailureThrottle(int threshold, Duration firstDelay, Duration maxDelay, Clock clock) {
        this(threshold, firstDelay, maxDelay, clock, DEFAULT_CAPACITY);
    }

    public FailureThrottle(int threshold, Duration firstDelay, Duration maxDelay, Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.threshold = threshold;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.records = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(maxDelay)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // upkeep on the caller's thread, a little at a time: no pool, and tests see it done
                .executor(Runnable::run)
                .build();
    }

    /** How long the key is still refused, if it is. */
    @Override
    public Optional<Duration> refusedFor(String key) {
        if (threshold <= 0) {
            return Optional.empty();
        }
        Record r = records.getIfPresent(key);
        if (r == null || r.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), r.lockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    @Override
    public void failed(String key) {
        if (threshold <= 0) {
            return;
        }
        Instant now = clock.instant();
        records.asMap().compute(key, (k, r) -> {
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
    }

    @Override
    public void succeeded(String key) {
        records.invalidate(key);
    }

    /** How many keys the table holds now. */
    public long size() {
        records.cleanUp();
        return records.estimatedSize();
    }
}
