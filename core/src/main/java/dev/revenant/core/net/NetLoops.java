package dev.revenant.core.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * What every TCP service of a server shares: one acceptor thread, {@code ioThreads} for I/O, and the gate
 * that applies the connection limits.
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

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
