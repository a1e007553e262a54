package dev.revenant.core.net;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or refuses each accepted connection by its {@link ConnectionLimits}; a refused connection is
 * closed at once, before any protocol handler sees it, and counted in
 * {@code revenant.connections.refused{reason}}.
 */
public final class ConnectionGate {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);

    /** New connections of one address within the current second. */
    private static final class Window {
        long second;
        int count;
    }

    private final ConnectionLimits limits;
    private final MeterRegistry meters;
    private final LongSupplier clockMillis;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Window> recent = new ConcurrentHashMap<>();

    public ConnectionGate(ConnectionLimits limits, MeterRegistry meters, LongSupplier clockMillis) {
        this.limits = limits;
        this.meters = meters;
        this.clockMillis = clockMillis;
        // each reason at zero from the start (see refusal)
        for (String reason : REFUSALS) {
            meters.counter("revenant.connections.refused", "reason", reason);
        }
    }

    /** The {@code reason} tag of {@code revenant.connections.refused}, as {@link #refusal} answers. */
    static final java.util.List<String> REFUSALS = java.util.List.of("rate", "total", "per_address");

    public static ConnectionGate unlimited() {
        return new ConnectionGate(ConnectionLimits.NONE, new SimpleMeterRegistry(), System::currentTimeMillis);
    }

    /** Admits the channel (and counts it until it closes) or closes it; returns whether it was admitted. */
    public boolean admit(Channel channel) {
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        String refused = refusal(address);
        if (refused != null) {
            meters.counter("revenant.connections.refused", "reason", refused).increment();
            log.debug("event=connection_refused remote={} reason={}", address, refused);
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(f -> release(address));
        return true;
    }

    private String refusal(InetAddress address) {
        if (limits.newPerAddressPerSecond() > 0) {
            long second = clockMillis.getAsLong() / 1000;
            Window w = recent.computeIfAbsent(address, a -> new Window());
            synchronized (w) {
                if (w.second != second) {
                    w.second = second;
                    w.count = 0;
                }
                if (++w.count > limits.newPerAddressPerSecond()) {
                    return "rate";
                }
            }
            if (recent.size() > 100_000) {
                recent.entrySet().removeIf(e -> e.getValue().second < second); // forget quiet addresses
            }
        }
        if (limits.total() > 0 && total.incrementAndGet() > limits.total()) {
            total.decrementAndGet();
            return "total";
        } else if (limits.total() <= 0) {
            total.incrementAndGet();
        }
        AtomicInteger mine = open.computeIfAbsent(address, a -> new AtomicInteger());
        if (limits.perAddress() > 0 && mine.incrementAndGet() > limits.perAddress()) {
            mine.decrementAndGet();
            total.decrementAndGet();
            return "per_address";
        } else if (limits.perAddress() <= 0) {
            mine.incrementAndGet();
        }
        return null;
    }

    private void release(InetAddress address) {
        total.decrementAndGet();
        open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Connections open now (for metrics and tests). */
    public int open() {
        return total.get();
    }
}
