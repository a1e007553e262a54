package dev.revenant.loadgen;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local addresses 127.0.0.1 .. 127.0.0.n handed out in turn: one source address has about 28,000
 * ephemeral ports (net.ipv4.ip_local_port_range), so tens of thousands of connections need several.
 * Loopback answers on all of 127/8 without configuration.
 */
final class SourceAddresses {
    private final int count;
    private final boolean loopbackTarget;
    private final AtomicInteger next = new AtomicInteger();

    SourceAddresses(int count, InetSocketAddress target) {
        this.count = Math.max(1, Math.min(count, 250));
        this.loopbackTarget = target.getAddress() != null && target.getAddress().isLoopbackAddress();
    }

    /** The next source address, port chosen by the kernel; null (any) when the target is not on loopback. */
    InetSocketAddress next() {
        if (!loopbackTarget) {
            return null;
        }
        int i = Math.floorMod(next.getAndIncrement(), count);
        return new InetSocketAddress("127.0.0." + (i + 1), 0);
    }

    int count() {
        return loopbackTarget ? count : 1;
    }
}
