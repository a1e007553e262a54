package dev.revenant.loadgen;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hashing limit of a login server: cores ÷ the time of one bcrypt verify at the store's cost, timed
 * here with every core verifying, in the run it is compared with. With hashing on, no login server on this machine can
 * do better; how close one comes says how little it adds to bcrypt.
 */
final class HashingLimit {
    private HashingLimit() {}

    /**
     * One timing of {@code samples} verifies on {@code threads} threads at once, in milliseconds: the mean
     * (what a rate follows: cores ÷ mean is the verifies per second those threads did), the median and the fastest.
     */
    record Timing(int cost, int threads, int samples, double meanMillis, double medianMillis, double minMillis) {}

    /**
     * Times verifies of a password against a hash of the given cost for about {@code budget} (at least 5 per
     * thread), on {@code threads} threads at once: with one per core, each verify meets the same competition
     * for the cores (from this machine's other work too) as the logins it is compared with.
     */
    static Timing time(int cost, int threads, Duration budget) {
        // what the store verifies: the 32 hex characters of the password's MD5
        byte[] password = "0123456789ABCDEF0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = BCrypt.withDefaults().hash(cost, password);
        if (!BCrypt.verifyer().verify(password, hash).verified) { // also the warm-up
            throw new IllegalStateException("bcrypt did not verify its own hash");
        }
        long end = System.nanoTime() + budget.toNanos();
        List<double[]> perThread = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            double[] millis = new double[1025]; // [0] = how many were taken
            perThread.add(millis);
            Thread th = new Thread(() -> {
                BCrypt.Verifyer verifyer = BCrypt.verifyer();
                int n = 0;
                while (n < millis.length - 1 && (n < 5 || System.nanoTime() < end)) {
                    long t0 = System.nanoTime();
                    verifyer.verify(password, hash);
                    millis[++n] = (System.nanoTime() - t0) / 1e6;
                }
                millis[0] = n;
            }, "bench-bcrypt-" + t);
            running.add(th);
            th.start();
        }
        for (Thread th : running) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double[] all = perThread.stream()
                .flatMapToDouble(m -> Arrays.stream(m, 1, 1 + (int) m[0])).sorted().toArray();
        return new Timing(cost, threads, all.length, Arrays.stream(all).average().orElseThrow(), all[all.length / 2], all[0]);
    }

    /** Logins per second the cores allow when each costs one verify of {@code verifyMillis}. */
    static double loginsPerSecond(int cores, double verifyMillis) {
        return cores * 1000.0 / verifyMillis;
    }
}
