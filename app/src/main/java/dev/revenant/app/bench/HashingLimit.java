package dev.revenant.app.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The hashing limit of a login server: cores ÷ the time of one bcrypt verify at the store's cost, timed
 * here on one thread, in the run it is compared with. With hashing on, no login server on this machine can
 * do better; how close one comes says how little it adds to bcrypt.
 */
final class HashingLimit {
    private HashingLimit() {}

    /** One timing: the median of {@code samples} verifies, in milliseconds. */
    record Timing(int cost, int samples, double medianMillis, double minMillis) {}

    /** Times verifies of a password against a hash of the given cost for about {@code budget} (at least 5). */
    static Timing time(int cost, Duration budget) {
        // what the store verifies: the 32 hex characters of the password's MD5
        byte[] password = "0123456789ABCDEF0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = BCrypt.withDefaults().hash(cost, password);
        BCrypt.Verifyer verifyer = BCrypt.verifyer();
        if (!verifyer.verify(password, hash).verified) { // also the warm-up
            throw new IllegalStateException("bcrypt did not verify its own hash");
        }
        double[] millis = new double[1024];
        int n = 0;
        long end = System.nanoTime() + budget.toNanos();
        while (n < millis.length && (n < 5 || System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            verifyer.verify(password, hash);
            millis[n++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] taken = Arrays.copyOf(millis, n);
        Arrays.sort(taken);
        return new Timing(cost, n, taken[n / 2], taken[0]);
    }

    /** Logins per second the cores allow when each costs one verify of {@code verifyMillis}. */
    static double loginsPerSecond(int cores, double verifyMillis) {
        return cores * 1000.0 / verifyMillis;
    }
}
