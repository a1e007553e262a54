package dev.revenant.cluster;

import dev.revenant.core.limits.LoginAttempts;
import dev.revenant.core.limits.LoginThrottle;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Core's {@link LoginThrottle} shared by the nodes of a community, so that N nodes do not allow N times the
 * password guesses: the same failures per account, per address and per (account, address), and the same
 * known addresses, kept in Redis under {@code <name>:logins:<service>:}
 * <ul>
 *   <li>{@code user:<user>}, {@code ip:<host>}, {@code pair:<user>@<host>}: failure records (see
 *       {@link FailureRecords}), each expiring {@code maxLockout} after its last failure;
 *   <li>{@code known:<user>@<host>}: when the account last logged in from there, expiring after
 *       {@link LoginThrottle#REMEMBERED}.
 * </ul>
 * Each call is one Redis script, atomic against the other nodes': a failure counts on all three records at once.
 *
 * <p>While Redis is away this node counts in memory (a {@link LoginThrottle} of {@code capacity} records), and
 * a lockout earned meanwhile still holds after Redis is back, until it runs out. Successes are remembered there
 * too, so that during an outage strangers cannot lock an owner out of the addresses they logged in from here.
 */
public final class RedisLoginAttempts implements LoginAttempts {
    /**
     * How long the login of KEYS (known address, pair, account, address) is refused, in ms (0: not);
     * ARGV: now, how long a known address is remembered (ms). From a known address only the pair's count applies.
     */
    private static final LuaScript REFUSED = new LuaScript("""
            local now = tonumber(ARGV[1])
            local function left(key)
              local lockedUntil = tonumber(redis.call('HGET', key, 'u'))
              if lockedUntil and lockedUntil > now then return lockedUntil - now end
              return 0
            end
            local since = tonumber(redis.call('GET', KEYS[1]))
            if since and now - since < tonumber(ARGV[2]) then return left(KEYS[2]) end
            local account = left(KEYS[3])
            if account > 0 then return account end
            return left(KEYS[4])""");
    /**
     * A login of KEYS (account, pair, known address): the account's and the pair's failures are forgiven, never
     * the address's (one good login says nothing of the guesses made from there at other accounts), and the
     * address is the account's known one from now (ARGV[1]) for ARGV[2] ms.
     */
    private static final LuaScript SUCCEEDED = new LuaScript("""
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
            return 0""");

    private final RedisNode node;
    private final String service;
    private final int threshold;
    private final Duration lockout;
    private final Duration maxLockout;
    private final Clock clock;
    private final LoginThrottle fallback;

    /**
     * The other arguments are {@link LoginThrottle}'s; {@code capacity} bounds only the fallback (in Redis every
     * record expires).
     *
     * @param service whose accounts these are ({@code mig33}, {@code pangya}): each has its own counts
     */
    public RedisLoginAttempts(RedisNode node, String service, int threshold, Duration lockout, Duration maxLockout,
                              Clock clock, int capacity) {
        this.node = node;
        this.service = service;
        this.threshold = threshold;
        this.lockout = lockout;
        this.maxLockout = maxLockout;
        this.clock = clock;
        this.fallback = new LoginThrottle(threshold, lockout, maxLockout, clock, capacity);
    }

    String accountKey(String user) {
        return node.key("logins", service, "user", user);
    }

    String addressKey(String host) {
        return node.key("logins", service, "ip", host);
    }

    String pairKey(String user, String host) {
        return node.key("logins", service, "pair", user + "@" + host);
    }

    String knownKey(String user, String host) {
        return node.key("logins", service, "known", user + "@" + host);
    }

    @Override
    public Optional<Duration> refusedFor(String user, String host) {
        if (threshold <= 0) {
            return Optional.empty();
        }
        try {
            Long left = REFUSED.call(node, ScriptOutputType.INTEGER,
                    new String[] {knownKey(user, host), pairKey(user, host), accountKey(user), addressKey(host)},
                    Long.toString(clock.millis()), Long.toString(LoginThrottle.REMEMBERED.toMillis()));
            return FailureRecords.millis(left).or(() -> fallback.refusedFor(user, host));
        } catch (RedisException e) {
            FailureRecords.outage(node, "login_refused", e);
            return fallback.refusedFor(user, host);
        }
    }

    @Override
    public void failed(String user, String host) {
        if (threshold <= 0) {
            return;
        }
        try {
            FailureRecords.failed(node, clock.millis(), threshold, lockout, maxLockout,
                    accountKey(user), addressKey(host), pairKey(user, host));
        } catch (RedisException e) {
            FailureRecords.outage(node, "login_failed", e);
            fallback.failed(user, host);
        }
    }

    @Override
    public void succeeded(String user, String host) {
        fallback.succeeded(user, host);
        try {
            SUCCEEDED.call(node, ScriptOutputType.INTEGER,
                    new String[] {accountKey(user), pairKey(user, host), knownKey(user, host)},
                    Long.toString(clock.millis()), Long.toString(LoginThrottle.REMEMBERED.toMillis()));
        } catch (RedisException e) {
            FailureRecords.outage(node, "login_succeeded", e);
        }
    }
}
