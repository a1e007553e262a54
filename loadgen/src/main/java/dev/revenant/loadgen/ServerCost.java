package dev.revenant.loadgen;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the server in the bench's own process cost over a measured window: the CPU time of every thread but
 * the generator's, and the garbage collector's pauses; or, for a --target server on this machine
 * ({@code --server-pid}), the CPU time of that whole process.
 *
 * <p>Why CPU time and not only throughput: on a shared two-core machine the rate a run reaches moves with what
 * else runs (±25 % and more between runs), while the CPU a message costs the server moves much less, and it
 * is what decides the rate on a machine of its own (cores ÷ CPU per message). The generator's threads are
 * those named {@code bench-*} and the thread that sends; everything else in the process (event loops,
 * workers, the store, GC and JIT threads) is counted as the server's, so the generator's garbage is charged
 * to the server alike for Revenant and for the raw baseline.
 *
 * <p>Pauses come from the collectors' notifications (millisecond resolution; the concurrent phases of a
 * collector that reports them apart, such as ZGC's cycles, are not pauses and are left out).
 */
sealed interface ServerCost permits ServerCost.InThisProcess, ServerCost.OfAnotherProcess {
    /** What the window cost: server CPU (ns), its length (ns), and the collector's pauses in it (-1: not seen). */
    record Spent(long serverCpuNanos, long windowNanos, long pauses, long pauseMillis, long longestPauseMillis) {
        double cores() {
            return windowNanos > 0 ? serverCpuNanos / (double) windowNanos : 0;
        }

        double microsPer(long count) {
            return count > 0 ? serverCpuNanos / 1e3 / count : 0;
        }
    }

    /** Stops counting: what the window cost. */
    Spent stop();

    /** Starts counting now; {@code sender} is the generator's thread that sends (its CPU is not the server's). */
    static ServerCost start(Thread sender) {
        return new InThisProcess(sender);
    }

    /**
     * Starts counting the CPU of {@code server}, a process of its own on this machine: all of its threads, JIT and
     * GC included, with nothing of the generator's to take out. Its pauses are not seen from here (its own GC log
     * has them): the result has none.
     */
    static ServerCost startFor(ProcessHandle server) {
        return new OfAnotherProcess(server);
    }

    /** A --target server's process ({@code --server-pid}): the kernel's count of its CPU time. */
    final class OfAnotherProcess implements ServerCost {
        private final ProcessHandle server;
        private final long cpuAtStart;
        private final long startNanos = System.nanoTime();

        private OfAnotherProcess(ProcessHandle server) {
            this.server = server;
            this.cpuAtStart = cpu();
        }

        @Override
        public Spent stop() {
            return new Spent(Math.max(0, cpu() - cpuAtStart), System.nanoTime() - startNanos, -1, -1, -1);
        }

        /**
         * On Linux in ticks of 10 ms (a 10 s window at a tenth of a core is 100 ticks); a process that has ended or
         * cannot be read counts as 0, so its window shows no CPU.
         */
        private long cpu() {
            return server.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
    }

    /** The server in the bench's own process: every thread but the generator's, and the collector's pauses. */
    final class InThisProcess implements ServerCost {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private final Thread sender;
        private final long processCpuAtStart;
        private final Map<Long, Long> generatorCpuAtStart;
        private final long startNanos = System.nanoTime();
        private final LongAdder pauses = new LongAdder();
        private final LongAdder pauseMillis = new LongAdder();
        private final AtomicLong longestPauseMillis = new AtomicLong();
        private final List<Runnable> unsubscribe = new ArrayList<>();
        /** The collectors listened to, and how many collections each had made when the window began. */
        private final Map<GarbageCollectorMXBean, Long> collectionsAtStart = new HashMap<>();
        private final Object notified = new Object();

        private InThisProcess(Thread sender) {
            this.sender = sender;
            this.generatorCpuAtStart = generatorCpu();
            listenForPauses();
            this.processCpuAtStart = processCpu();
        }

        @Override
        public Spent stop() {
            long process = processCpu() - processCpuAtStart;
            long window = System.nanoTime() - startNanos;
            long generator = 0;
            for (Map.Entry<Long, Long> now : generatorCpu().entrySet()) {
                // a generator thread started inside the window counts from zero
                generator += now.getValue() - generatorCpuAtStart.getOrDefault(now.getKey(), 0L);
            }
            awaitPauseNotifications();
            unsubscribe.forEach(Runnable::run);
            return new Spent(Math.max(0, process - generator), window, pauses.sum(), pauseMillis.sum(),
                    longestPauseMillis.get());
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private Map<Long, Long> generatorCpu() {
            Map<Long, Long> cpu = new HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t == sender || t.getName().startsWith("bench-")) {
                    long ns = THREADS.getThreadCpuTime(t.getId());
                    if (ns >= 0) {
                        cpu.put(t.getId(), ns);
                    }
                }
            }
            return cpu;
        }

        private void listenForPauses() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!(gc instanceof NotificationEmitter emitter) || gc.getName().contains("Cycles")
                        || gc.getName().contains("Concurrent")) {
                    continue;
                }
                NotificationListener listener = (n, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    long ms = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration();
                    synchronized (notified) {
                        pauses.increment();
                        pauseMillis.add(ms);
                        longestPauseMillis.accumulateAndGet(ms, Math::max);
                        notified.notifyAll();
                    }
                };
                collectionsAtStart.put(gc, gc.getCollectionCount());
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone: nothing to undo
                    }
                });
            }
        }

        /**
         * The collectors tell of a pause on a thread of their own, a moment after it: waits (at most a second)
         * until every collection made in the window has been told, so that the last pause is not missed.
         */
        private void awaitPauseNotifications() {
            long made = 0;
            for (Map.Entry<GarbageCollectorMXBean, Long> gc : collectionsAtStart.entrySet()) {
                made += Math.max(0, gc.getKey().getCollectionCount() - gc.getValue());
            }
            long deadline = System.nanoTime() + 1_000_000_000L;
            synchronized (notified) {
                long left;
                while (pauses.sum() < made && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        notified.wait(left / 1_000_000 + 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Puts the window's cost into a result: per message of {@code count}, and the pauses. */
    static void report(BenchResult r, Spent spent, long count, String per) {
        if (spent.pauses() < 0) {
            r.put("serverCpuCores", spent.cores())
                    .put("serverCpuMicrosPer" + per, spent.microsPer(count))
                    .note("serverCpu* is the CPU time of the --server-pid process over the measured window, all its "
                            + "threads, GC and JIT included (kernel ticks: 10 ms on Linux); its GC pauses are in its own log");
            return;
        }
        r.put("serverCpuCores", spent.cores())
                .put("serverCpuMicrosPer" + per, spent.microsPer(count))
                .put("gcPauses", spent.pauses())
                .put("gcPauseTotalMs", spent.pauseMillis())
                .put("gcPauseMaxMs", spent.longestPauseMillis())
                .note("serverCpu* is the CPU time of every thread of this process but the generator's (bench-* and the "
                        + "sending thread) over the measured window, GC and JIT included; gcPause* are the collector's "
                        + "pauses in the window (millisecond resolution)");
    }
}
