package dev.revenant.cluster;

import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.log.LogText;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RedisAttempts} and {@link RedisLoginAttempts} share: core's FailureThrottle record of one key
 * as a Redis hash ({@code n} failures, {@code l} the last failure and {@code u} locked until, both in the
 * throttle's clock's epoch milliseconds, {@code u} 0 when not locked) that expires the longest delay after
 * its last failure, the script that counts a failure on such records, and the outage warning.
 *
 * <p>Times come from the node's clock, as they do in memory, so that every node counts the same way and a
 * test can move time on; the records' expiry is Redis's own, and only takes away what no longer counts.
 */
final class FailureRecords {
    private static final Logger log = LoggerFactory.getLogger(FailureRecords.class);

    /**
     * One failure more on each record of KEYS; ARGV: now, threshold, first delay, longest delay (ms). From the
     * threshold on a record is locked for the first delay, doubled with each further failure up to the longest.
     * Milliseconds are written with %d: Lua's numbers are doubles, which Redis may write in exponent form.
     */
    static final LuaScript FAILED = new LuaScript("""
            local now = tonumber(ARGV[1])
            local threshold = tonumber(ARGV[2])
            local first = tonumber(ARGV[3])
            local longest = tonumber(ARGV[4])
            for _, key in ipairs(KEYS) do
              local r = redis.call('HMGET', key, 'n', 'l')
              local n = 1
              -- failures the longest delay ago no longer count (in memory their record has expired by then)
              if r[1] and now - tonumber(r[2]) < longest then n = tonumber(r[1]) + 1 end
              local lockedUntil = 0
              if n >= threshold then
                local delay = first * 2 ^ math.min(20, n - threshold)
                if delay > longest then delay = longest end
                lockedUntil = now + delay
              end
              redis.call('HSET', key, 'n', string.format('%d', n), 'l', string.format('%d', now),
                'u', string.format('%d', lockedUntil))
              redis.call('PEXPIRE', key, string.format('%d', longest))
            end
            return 0""");

    /**
     * One warning per 30 s for all the throttles of this process: an outage met by a login storm reads as a
     * line every half minute that says how many calls fell back, not one per call or per throttle.
     */
    private static final LogThrottle OUTAGES = new LogThrottle(Duration.ofSeconds(30), System::nanoTime);

    private FailureRecords() {}

    /** Counts one failure on each of {@code keys}, at once. */
    static void failed(RedisNode node, long now, int threshold, Duration firstDelay, Duration maxDelay,
                       String... keys) {
        FAILED.call(node, ScriptOutputType.INTEGER, keys, Long.toString(now), Integer.toString(threshold),
                Long.toString(firstDelay.toMillis()), Long.toString(maxDelay.toMillis()));
    }

    /** The wait left until {@code lockedUntil} (epoch ms, null or 0: not locked), if any. */
    static Optional<Duration> left(String lockedUntil, long now) {
        long left = lockedUntil == null ? 0 : Long.parseLong(lockedUntil) - now;
        return millis(left);
    }

    /** A wait of {@code ms} milliseconds, none if 0 or less. */
    static Optional<Duration> millis(long ms) {
        return ms > 0 ? Optional.of(Duration.ofMillis(ms)) : Optional.empty();
    }

    /** Logs (at most every 30 s) that a throttle counts on this node alone while Redis is away. */
    static void outage(RedisNode node, String what, RedisException e) {
        long held = OUTAGES.admit();
        if (held >= 0) {
            log.warn("event=cluster_redis_unavailable op={} redis={} error=\"{}\" (counting failures on this node"
                    + " alone; {} more since the last line)", what, node.config().redisShown(),
                    LogText.escape(String.valueOf(e.getMessage())), held);
        }
    }
}
