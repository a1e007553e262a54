package dev.revenant.core.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import java.util.Set;

/**
 * How the event loops talk to the kernel: Java's selector (NIO, everywhere) or Linux's epoll through Netty's
 * native library. Epoll reads and writes a socket with fewer layers between the loop and the system call: a
 * message cost the server 3–19 % less CPU on it in ten pairs of runs (docs/PERFORMANCE.md, "The native
 * transport, and what the tail at half of saturation is made of").
 */
public enum Transport {
    NIO,
    EPOLL;

    /** What an operator may name: {@code auto}, {@code nio} or {@code epoll}. */
    public static final Set<String> NAMES = Set.of("auto", "nio", "epoll");

    /**
     * {@code auto} (the default): epoll where Netty's native library loads (Linux on x86-64 or ARM64, whose
     * libraries ship with the server), NIO elsewhere;
     * {@code nio} or {@code epoll} to choose. Asking for epoll where it cannot load is an error, not a silent NIO.
     */
    public static Transport choose(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "auto" -> Epoll.isAvailable() ? EPOLL : NIO;
            case "nio" -> NIO;
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("transport epoll is not available here ("
                            + Epoll.unavailabilityCause() + "): use auto or nio");
                }
                yield EPOLL;
            }
            default -> throw new IllegalArgumentException("transport must be auto, nio or epoll, not " + name);
        };
    }

    /** As an operator names it: {@code nio} or {@code epoll}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What each event loop of a group on this transport polls with. */
    public IoHandlerFactory ioHandlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /**
     * The transport of {@code loops}: epoll for loops made with {@link #ioHandlers} of {@link #EPOLL}, NIO for any
     * other, so that a client connecting on loops someone else made opens the socket those loops can serve.
     */
    public static Transport of(EventLoopGroup loops) {
        return Epoll.isAvailable() && loops instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)
                ? EPOLL : NIO;
    }

    /** An outgoing connection's channel, for a client on loops of this transport. */
    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The listening socket's channel; the connections it accepts are of the same transport. */
    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
