package dev.revenant.loadgen;

import dev.revenant.core.net.Transport;
import dev.revenant.mig33.client.Mig33Client;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated phones: {@link Mig33Client}s on the generator's own event loops, spread over several
 * source addresses, connected (and logged in) at a steady pace rather than all at once.
 */
final class Mig33Fleet implements AutoCloseable {
    /** Where the clients connect, client i to {@code servers[i % n]}: several nodes of one community, or one server. */
    private final List<InetSocketAddress> servers;
    private final SourceAddresses sources;
    private final EventLoopGroup loops;
    private final List<Mig33Client> clients;
    private final Mig33Transport transport;
    private final Duration poll;

    Mig33Fleet(List<InetSocketAddress> servers, int sourceAddresses, int ioThreads, Transport loopTransport, int size) {
        this(servers, sourceAddresses, ioThreads, size, loopTransport, Mig33Transport.TCP, Duration.ofSeconds(1));
    }

    /**
     * A fleet whose clients connect over {@code transport} (HTTP ones polling every {@code poll}), on event loops
     * of {@code loopTransport}: a generator on epoll spends less of the core it shares with what it measures.
     */
    Mig33Fleet(List<InetSocketAddress> servers, int sourceAddresses, int ioThreads, int size, Transport loopTransport,
               Mig33Transport transport, Duration poll) {
        this.transport = transport;
        this.poll = poll;
        this.servers = List.copyOf(servers);
        this.sources = new SourceAddresses(sourceAddresses, servers.get(0));
        this.loops = new MultiThreadIoEventLoopGroup(ioThreads, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        }, loopTransport.ioHandlers());
        this.clients = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(size, null)));
    }

    /** What connecting the fleet took. */
    record Ramp(int connected, int failed, double seconds, String firstError) {
        double perSecond() {
            return seconds > 0 ? connected / seconds : 0;
        }
    }

    /**
     * Connects clients 0..size-1 at most {@code perSecond} a second, {@code parallel} at a time, and runs
     * {@code login} on each (null: connect only). Stops early at the deadline.
     */
    Ramp connect(int perSecond, int parallel, ClientStep login, Duration budget) {
        int size = clients.size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        long gap = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        for (int t = 0; t < Math.max(1, parallel); t++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < size && System.nanoTime() < deadline) {
                    long due = start + i * gap;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Mig33Client c = null;
                    try {
                        c = transport.connect(servers.get(i % servers.size()), sources.next(), loops, poll)
                                .timeout(Duration.ofSeconds(30));
                        if (login != null) {
                            login.run(i, c);
                        }
                        // in the fleet once logged in: from then on it may be pinged, while the others still log in
                        clients.set(i, c);
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (c != null) {
                            c.close();
                        }
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(budget.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Ramp(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, firstError.get());
    }

    /** One step run on a freshly connected client (a login, for instance). */
    interface ClientStep {
        void run(int index, Mig33Client client);
    }

    /** Client i, or null if it did not connect. */
    Mig33Client get(int i) {
        return clients.get(i);
    }

    int size() {
        return clients.size();
    }

    long open() {
        synchronized (clients) {
            return clients.stream().filter(c -> c != null && c.isOpen()).count();
        }
    }

    int sourceAddresses() {
        return sources.count();
    }

    @Override
    public void close() {
        List<Mig33Client> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
        }
        for (Mig33Client c : all) {
            if (c != null) {
                c.closeLater();
            }
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
