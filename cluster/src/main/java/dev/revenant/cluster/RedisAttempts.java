package dev.revenant.cluster;

import dev.revenant.core.limits.Attempts;
import dev.revenant.core.limits.FailureThrottle;
import io.lettuce.core.RedisException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Core's {@link FailureThrottle} shared by the nodes of a community: the same counts and growing delays, kept
 * in Redis ({@code <name>:attempts:<purpose>:<key>}, a hash that expires {@code maxDelay} after its key's last
 * failure), so that attempts spread over N nodes cost as much as on one. Each call is one Redis command or
 * script, atomic against the other nodes'.
 *
 * <p>While Redis is away this node counts in memory ({@code capacity} keys at most), and a wait earned meanwhile
 * still holds after Redis is back, until it runs out.
 */
public final class RedisAttempts implements Attempts {
    private final RedisNode node;
    private final String purpose;
    private final int threshold;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final FailureThrottle fallback;

    /**
     * The other arguments are {@link FailureThrottle}'s; {@code capacity} bounds only the fallback (in Redis
     * every record expires).
     *
     * @param purpose what is counted, apart from the community's other attempts (e.g. {@code mig33.registrations})
     */
    public RedisAttempts(RedisNode node, String purpose, int threshold, Duration firstDelay, Duration maxDelay,
                         Clock clock, int capacity) {
        this.node = node;
        this.purpose = purpose;
        this.threshold = threshold;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.fallback = new FailureThrottle(threshold, firstDelay, maxDelay, clock, capacity);
    }

    /** The Redis key of {@code key}'s record. */
    String recordKey(String key) {
        return node.key("attempts", purpose, key);
    }

    @Override
    public Optional<Duration> refusedFor(String key) {
        if (threshold <= 0) {
            return Optional.empty();
        }
        try {
            return FailureRecords.left(node.sync().hget(recordKey(key), "u"), clock.millis())
                    .or(() -> fallback.refusedFor(key));
        } catch (RedisException e) {
            FailureRecords.outage(node, "attempts_refused", e);
            return fallback.refusedFor(key);
        }
    }

    @Override
    public void failed(String key) {
        if (threshold <= 0) {
            return;
        }
        try {
            FailureRecords.failed(node, clock.millis(), threshold, firstDelay, maxDelay, recordKey(key));
        } catch (RedisException e) {
            FailureRecords.outage(node, "attempts_failed", e);
            fallback.failed(key);
        }
    }

    @Override
    public void succeeded(String key) {
        fallback.succeeded(key);
        try {
            node.sync().del(recordKey(key));
        } catch (RedisException e) {
            FailureRecords.outage(node, "attempts_succeeded", e); // the record expires by itself
        }
    }
}
