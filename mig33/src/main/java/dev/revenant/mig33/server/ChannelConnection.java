package dev.revenant.mig33.server;

import dev.revenant.core.net.LingeringClose;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.session.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} on a Netty channel: a TCP connection, or a WebSocket whose pipeline turns the packets
 * written here into text frames ({@link Mig33WebSocket}).
 *
 * <p>Packets go out in the order they were handed to it, from whatever thread. One handed over on the
 * channel's event loop is written there and then, unless packets handed over from other threads are still
 * queued for the loop: then it goes behind them. (Netty alone writes at once on the loop, and so lets such a
 * packet overtake what another thread handed over before it; the session used to queue every answer as a task
 * to keep the order, so the OK of a message delivered on the loop waited for the loop's next round of tasks.)
 */
final class ChannelConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(ChannelConnection.class);

    private final Channel channel;
    /**
     * Where a packet enters the pipeline on its way out: the channel (its tail), or the context of a stage
     * just behind the encoder, so that a write does not walk the contexts of the stages that only read.
     */
    private final ChannelOutboundInvoker out;
    private final Runnable onLogin;
    private final Runnable onSlowReader;
    private final String transport;
    private final Consumer<Channel> closer;
    /** Packets handed to the event loop to write, not yet written: an answer on the loop goes behind them. */
    private final AtomicInteger queued = new AtomicInteger();

    /**
     * A TCP connection whose packets enter the pipeline at {@code out}, the context of a stage with every
     * outbound stage between it and the head: each stage a write passes is a context loaded from memory, a
     * cold one when the loop goes from one connection to the next (a lone message's profile, issue #16).
     */
    ChannelConnection(Channel channel, ChannelOutboundInvoker out, Runnable onLogin, Runnable onSlowReader) {
        this(channel, out, onLogin, onSlowReader, "tcp", LingeringClose::close);
    }

    /**
     * A connection whose channel carries packets over {@code transport} (the operator's session list shows
     * it), closed by {@code closer} once what was sent before is written (a WebSocket sends its close frame).
     */
    ChannelConnection(Channel channel, Runnable onLogin, Runnable onSlowReader, String transport,
                      Consumer<Channel> closer) {
        this(channel, channel, onLogin, onSlowReader, transport, closer);
    }

    private ChannelConnection(Channel channel, ChannelOutboundInvoker out, Runnable onLogin, Runnable onSlowReader,
                              String transport, Consumer<Channel> closer) {
        this.channel = channel;
        this.out = out;
        this.onLogin = onLogin;
        this.onSlowReader = onSlowReader;
        this.transport = transport;
        this.closer = closer;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public CompletionStage<Boolean> send(Packet packet) {
        if (!channel.isWritable()) {
            cutOffIfSlow();
            return NOT_WRITTEN;
        }
        ChannelPromise promise = channel.newPromise();
        write(packet, promise);
        if (promise.isDone()) {
            // written there and then (on the loop, with nothing queued before it, the socket taking it all): most
            // deliveries to a phone that reads. No future and no listener made for it (issue #16: a lone message's
            // profile had them among the Java it costs more than the raw relay)
            return promise.isSuccess() ? WRITTEN : NOT_WRITTEN;
        }
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        promise.addListener(f -> written.complete(f.isSuccess()));
        return written;
    }

    /** Writes on the event loop: at once if on it with nothing queued before, else as a task behind the rest. */
    private void write(Packet packet, ChannelPromise promise) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop() && queued.get() == 0) {
            out.writeAndFlush(packet, promise);
            return;
        }
        queued.incrementAndGet();
        try {
            loop.execute(() -> {
                queued.decrementAndGet();
                out.writeAndFlush(packet, promise);
            });
        } catch (RejectedExecutionException e) {
            // the server is stopping, and the connection with it
            queued.decrementAndGet();
            if (!promise.isVoid()) {
                promise.tryFailure(e);
            }
        }
    }

    /**
     * A channel that is not writable is either over its write-buffer high-water mark, when the client does not
     * read and the server will not buffer for it without bound, or one where nothing can go out any more:
     * closed, or its sending side shut by a lingering close, which keeps the connection open (up to two seconds)
     * while the client reads the last answer. Netty reports both alike; only the first is a slow reader to cut
     * off (the second looked like one, and every push in those seconds was logged and counted as such). Asked
     * only when the channel is not writable, so that a write to a healthy client asks nothing more.
     */
    private void cutOffIfSlow() {
        if (!channel.isActive() || channel instanceof DuplexChannel duplex && duplex.isOutputShutdown()) {
            return;
        }
        log.info("event=slow_reader_disconnected remote={}", channel.remoteAddress());
        onSlowReader.run();
        channel.close();
    }

    // fan-out writes carry no future and no listener
    @Override
    public void push(Packet packet) {
        if (!channel.isWritable()) {
            cutOffIfSlow();
            return;
        }
        write(packet, channel.voidPromise());
    }

    @Override
    public Executor lane() {
        return channel.eventLoop();
    }

    @Override
    public boolean inLane() {
        return channel.eventLoop().inEventLoop();
    }

    /** On the event loop already: the write happens here, with no task to hand it over. */
    @Override
    public void pushFromLane(Packet packet) {
        push(packet);
    }

    /** Closes after what is queued has been written, without resetting a client that is still sending. */
    @Override
    public void close() {
        closer.accept(channel);
    }

    @Override
    public void loggedIn() {
        channel.eventLoop().execute(onLogin);
    }

    @Override
    public String remoteHost() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }
}
