package dev.revenant.core.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Who may try a password (or a key that stands for one) now, by account ({@code user}: its normalised name)
 * and address ({@code host}). Failures count per account, per address and per (account, address). A success
 * clears the account's count and the pair's, never the address's: one good login from an address says nothing
 * about the guesses made from it at other accounts.
 *
 * <p>An address an account logged in from (successfully, within {@link #REMEMBERED}) is that account's known
 * address: from there only the pair's own count applies, so strangers failing at the account elsewhere do not
 * lock its owner out, while guesses from the known address are counted and locked like any others. The known
 * addresses live in memory (at most {@code capacity}, least used forgotten first): after a restart an account
 * under attack waits out its lockout as before, until its owner's next login.
 */
public final class LoginThrottle implements LoginAttempts {
    public static final Duration REMEMBERED = Duration.ofDays(30);

    private final FailureThrottle failures;
    private final Cache<String, Boolean> knownAddresses;

    public LoginThrottle(int threshold, Duration lockout, Duration maxLockout, Clock clock, int capacity) {
        this.failures = new FailureThrottle(threshold, lockout, maxLockout, clock, capacity);
        this.knownAddresses = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(REMEMBERED)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    private static String pair(String user, String host) {
        return "pair:" + user + "@" + host;
    }

    /** How long {@code user} may not log in from {@code host}, if refused. */
    @Override
    public Optional<Duration> refusedFor(String user, String host) {
        String pair = pair(user, host);
        if (knownAddresses.getIfPresent(pair) != null) {
            return failures.refusedFor(pair);
        }
        return failures.refusedFor("user:" + user).or(() -> failures.refusedFor("ip:" + host));
    }

    @Override
    public void failed(String user, String host) {
        failures.failed("user:" + user);
        failures.failed("ip:" + host);
        failures.failed(pair(user, host));
    }

    @Override
    public void succeeded(String user, String host) {
        String pair = pair(user, host);
        failures.succeeded("user:" + user);
        failures.succeeded(pair);
        knownAddresses.put(pair, Boolean.TRUE);
    }
}
