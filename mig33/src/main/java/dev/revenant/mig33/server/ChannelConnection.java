package dev.revenant.mig33.server;

import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.service.Connection;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Connection} on a Netty channel. */
final class ChannelConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(ChannelConnection.class);

    private final Channel channel;
    private final Runnable onLogin;
    private final Runnable onSlowReader;

    ChannelConnection(Channel channel, Runnable onLogin, Runnable onSlowReader) {
        this.channel = channel;
        this.onLogin = onLogin;
        this.onSlowReader = onSlowReader;
    }

    @Override
    public CompletionStage<Boolean> send(Packet packet) {
        if (!channel.isActive()) {
            return CompletableFuture.completedFuture(false);
        }
        if (!channel.isWritable()) {
            // over the write-buffer high-water mark: the client does not read, and the server will not
            // buffer for it without bound
            log.info("event=slow_reader_disconnected remote={}", channel.remoteAddress());
            onSlowReader.run();
            channel.close();
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        channel.writeAndFlush(packet).addListener(f -> written.complete(f.isSuccess()));
        return written;
    }

    // chat rooms: fan-out writes carry no future and no listener
    @Override
    public void push(Packet packet) {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            log.info("event=slow_reader_disconnected remote={}", channel.remoteAddress());
            onSlowReader.run();
            channel.close();
            return;
        }
        channel.writeAndFlush(packet, channel.voidPromise());
    }

    @Override
    public java.util.concurrent.Executor lane() {
        return channel.eventLoop();
    }

    /** On the event loop already: the write happens here, with no task to hand it over. */
    @Override
    public void pushFromLane(Packet packet) {
        push(packet);
    }

    /** How long a half-closed connection waits for the client to close its side. */
    static final long LINGER_MILLIS = 2000;

    /**
     * Closes after what is queued has been written. A client that is still sending when the socket closes
     * gets a reset, and a reset makes its stack drop what it has not read yet, SESSION_TERMINATED
     * included. So the server first closes its sending side only, ignores whatever still arrives, and
     * closes for good when the client closes too, or after {@link #LINGER_MILLIS}.
     */
    @Override
    public void close() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!(channel instanceof DuplexChannel duplex) || !written.isSuccess() || duplex.isOutputShutdown()) {
                channel.close();
                return;
            }
            if (channel.pipeline().get(DISCARD) == null) {
                channel.pipeline().addFirst(DISCARD, Discard.INSTANCE);
            }
            // reading may be paused (backpressure); unread bytes at close would reset the connection
            channel.config().setAutoRead(true);
            duplex.shutdownOutput().addListener(shut -> channel.eventLoop()
                    .schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
        });
    }

    private static final String DISCARD = "discard";

    /** Drops what a closing client still sends, before it is framed or reaches its session. */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void loggedIn() {
        channel.eventLoop().execute(onLogin);
    }

    @Override
    public String remoteHost() {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }
}
