package dev.revenant.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerCostTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long BURN = TimeUnit.MILLISECONDS.toNanos(400);
    private static volatile long sink;

    @Test
    void countsTheServersThreadsAndNotTheGenerators() throws InterruptedException {
        ServerCost cost = ServerCost.start(Thread.currentThread());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread server = burnOn("event-loop-of-the-server", stopped);
        ServerCost.Spent spent = cost.stop();
        stopped.countDown();
        server.join();
        // the process's CPU time comes in the kernel's clock ticks, a thread's to the nanosecond
        assertThat(spent.serverCpuNanos()).isGreaterThanOrEqualTo(BURN - TimeUnit.MILLISECONDS.toNanos(50));

        cost = ServerCost.start(Thread.currentThread());
        CountDownLatch stoppedAgain = new CountDownLatch(1);
        Thread client = burnOn("bench-client", stoppedAgain);
        burnHere();
        spent = cost.stop();
        stoppedAgain.countDown();
        client.join();
        // 800 ms burnt by the generator's threads; what is left is this process's housekeeping (JIT, GC)
        assertThat(spent.serverCpuNanos()).isLessThan(BURN / 2);
        assertThat(spent.windowNanos()).isPositive();
    }

    @Test
    void recordsTheCollectorsPausesInTheWindow() {
        ServerCost cost = ServerCost.start(Thread.currentThread());
        System.gc(); // a full collection: a pause every collector of this JDK reports
        ServerCost.Spent spent = cost.stop();
        assertThat(spent.pauses()).isPositive();
        assertThat(spent.longestPauseMillis()).isLessThanOrEqualTo(spent.pauseMillis());

        ServerCost quiet = ServerCost.start(Thread.currentThread());
        long before = spent.pauses();
        assertThat(quiet.stop().pauses()).as("pauses before the window are not counted (had %d)", before).isLessThanOrEqualTo(1);
    }

    /**
     * A thread called {@code name} that burns {@link #BURN} (returned once it has), then lives on until
     * {@code stopped}: the window's end reads the CPU of the threads alive then, as a fleet's threads are.
     */
    private static Thread burnOn(String name, CountDownLatch stopped) throws InterruptedException {
        CountDownLatch burnt = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            burnHere();
            burnt.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        burnt.await();
        return t;
    }

    /** Work on the calling thread until it has used {@link #BURN} of CPU. */
    private static void burnHere() {
        long until = THREADS.getCurrentThreadCpuTime() + BURN;
        long x = 1;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x; // kept, so that the JIT cannot drop the work as unused
    }
}
