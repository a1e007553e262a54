package dev.revenant.core.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every TCP service of a server shares: one acceptor thread, {@code ioThreads} for I/O, and the gate
 * that applies the connection limits. The acceptor's thread also times the server's periodic upkeep
 * ({@link #timer}).
 */
public final class NetLoops implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ConnectionGate gate;
    private final Transport transport;

    public NetLoops(int ioThreads) {
        this(ioThreads, ConnectionGate.unlimited());
    }

    /** Event loops whose services all admit connections through one {@link ConnectionGate}, on the default transport. */
    public NetLoops(int ioThreads, ConnectionGate gate) {
        this(ioThreads, gate, Transport.choose("auto"));
    }

    /** Event loops on {@code transport}, whose services all admit connections through one {@link ConnectionGate}. */
    public NetLoops(int ioThreads, ConnectionGate gate, Transport transport) {
        this.gate = gate;
        this.transport = transport;
        this.boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, transport.ioHandlers());
    }

    /** What the loops and every service's listener run on. */
    public Transport transport() {
        return transport;
    }

    public EventLoopGroup boss() {
        return boss;
    }

    /** The connection limits every service of this server shares. */
    public ConnectionGate gate() {
        return gate;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    /**
     * Where periodic upkeep is timed (sweeps, samples, expiries): the acceptor's loop, which waits between new
     * connections, never a loop that serves them. A timer's first firing on an I/O loop, a minute after the
     * start, was followed by the JIT throwing away that loop's compiled task runner while it carried a full
     * load of messages (issue #16). What a timer starts must be short, or go on to a worker pool: new
     * connections wait behind it.
     */
    public ScheduledExecutorService timer() {
        return boss.next();
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
