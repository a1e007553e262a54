package dev.revenant.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Closed-loop load: threads that each repeat their work until their own deadline, and what a counter
 * gained between the end of the warm-up and the last thread's end.
 */
final class Repeaters {
    private Repeaters() {}

    /** The measured window: its length and what was counted in it. */
    record Window(double seconds, long counted) {
        double perSecond() {
            return seconds > 0 ? counted / seconds : 0.0;
        }
    }

    /**
     * Starts {@code threads} threads named {@code name-i} running {@code body.apply(i)}, waits out the
     * warm-up, then for all of them to end.
     */
    static Window run(int threads, String name, IntFunction<Runnable> body, Duration warmup, LongAdder counter) {
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(body.apply(t), name + "-" + t);
            started.add(th);
            th.start();
        }
        Mig33Scenarios.sleep(warmup);
        long atWarm = counter.sum();
        long t0 = System.nanoTime();
        for (Thread th : started) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Window((System.nanoTime() - t0) / 1e9, counter.sum() - atWarm);
    }
}
