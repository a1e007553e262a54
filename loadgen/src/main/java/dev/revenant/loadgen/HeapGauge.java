package dev.revenant.loadgen;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after asking for a full collection: what live objects take, not garbage waiting. */
final class HeapGauge {
    private HeapGauge() {}

    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // a few rounds: reference processing and finalisers free more on the second pass
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
