package dev.revenant.core.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protocol's listening sockets: binds every address it is given, tracks its connections, and stops
 * accepting before the connections are told to go (graceful shutdown).
 */
public final class TcpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpService.class);

    private final String name;
    private final List<InetSocketAddress> binds;
    private final NetLoops loops;
    private final Consumer<SocketChannel> pipeline;
    private final WriteBufferWaterMark waterMark;
    /**
     * Stays closed once closed: a connection accepted in the last instant before a stop finishes its
     * registration after the group was closed, and is then closed on arrival instead of staying open.
     */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE, true);
    private final List<Channel> listeners = new ArrayList<>();
    /** How many of the first addresses must be bound; the rest are bound where they can be. */
    private final int required;
    private final List<Unbound> unbound = new ArrayList<>();

    /** An address that was not bound, and the system's reason ("Permission denied", "Address already in use"). */
    public record Unbound(InetSocketAddress address, String reason) {}

    /**
     * @param pipeline fills each accepted connection's pipeline
     * @param waterMark write-buffer bounds: above the high mark a connection is not writable, which the
     *     protocol handlers treat as a reader that does not read
     */
    public TcpService(String name, List<InetSocketAddress> binds, NetLoops loops,
                      WriteBufferWaterMark waterMark, Consumer<SocketChannel> pipeline) {
        this(name, binds, binds.size(), loops, waterMark, pipeline);
    }

    /**
     * @param required how many of the first {@code binds} must be bound; one after them that cannot be is
     *     left out and listed by {@link #unbound()}
     */
    public TcpService(String name, List<InetSocketAddress> binds, int required, NetLoops loops,
                      WriteBufferWaterMark waterMark, Consumer<SocketChannel> pipeline) {
        this.required = required;
        this.name = name;
        this.binds = List.copyOf(binds);
        this.loops = loops;
        this.waterMark = waterMark;
        this.pipeline = pipeline;
    }

    /**
     * Binds every address; throws if a required one cannot be bound ({@link PortInUseException}: the port
     * is taken).
     */
    public void start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                // Netty 4.2's default (adaptive) allocator makes a ByteBuffer view for every read and every write
                // it hands the socket; the pooled one keeps them with its chunks. A fifth of the garbage a relayed
                // message left was those views (docs/PERFORMANCE.md), and garbage is what sets how often the
                // collector stops the server
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(initializer());
        for (int i = 0; i < binds.size(); i++) {
            InetSocketAddress address = binds.get(i);
            try {
                Channel channel = bootstrap.bind(address).syncUninterruptibly().channel();
                listeners.add(channel);
                log.info("event=listening service={} address={}", name, channel.localAddress());
            } catch (Exception e) {
                // Netty rethrows the bind's checked exception undeclared: catch it too, or it escapes bare
                String refused = bindRefusal(e);
                if (i >= required && refused != null) {
                    unbound.add(new Unbound(address, refused));
                    continue;
                }
                close();
                if (refused != null) {
                    throw new PortInUseException(name, address, e);
                }
                throw new IllegalStateException(name + ": cannot listen on " + address + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The system's reason a listener could not be bound ("Address already in use", "Permission denied"), or null
     * when the failure was something else. NIO says it with a {@link java.net.BindException}; epoll with its own
     * exception, whose message is {@code bind(..) failed with error(-98): Address already in use}.
     */
    static String bindRefusal(Throwable e) {
        if (e instanceof java.net.BindException) {
            return String.valueOf(e.getMessage());
        }
        if (e instanceof Errors.NativeIoException n && n.getMessage() != null && n.getMessage().startsWith("bind(")) {
            String message = n.getMessage();
            int reason = message.indexOf("): ");
            return reason >= 0 ? message.substring(reason + 3) : message;
        }
        return null;
    }

    private ChannelHandler initializer() {
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!loops.gate().admit(ch)) {
                    return;
                }
                connections.add(ch);
                pipeline.accept(ch);
            }
        };
    }

    /** The addresses actually bound (with the real port when 0 was asked for). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** The optional addresses that could not be bound at start, and why. */
    public List<Unbound> unbound() {
        return List.copyOf(unbound);
    }

    /** The live connections, for a shutdown notice. */
    public ChannelGroup connections() {
        return connections;
    }

    /** Stops accepting new connections; existing ones stay. */
    public void stopAccepting() {
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        listeners.clear();
    }

    @Override
    public void close() {
        stopAccepting();
        // bounded: a stop must never hang on a connection whose event loop is already gone
        connections.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    public String name() {
        return name;
    }
}
