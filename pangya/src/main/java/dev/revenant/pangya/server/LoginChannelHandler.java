package dev.revenant.pangya.server;

import dev.revenant.core.log.LogText;
import dev.revenant.core.limits.RateLimit;
import dev.revenant.core.work.SerialExecutor;
import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.login.DisconnectCause;
import dev.revenant.pangya.login.LoginConversation;
import dev.revenant.pangya.login.LoginService;
import dev.revenant.pangya.login.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the hello, hands each decoded packet to the connection's {@link LoginConversation} on the worker
 * pool (in order, one at a time: the store and hashing block) and closes the connection on anything a
 * client did wrong.
 */
final class LoginChannelHandler extends SimpleChannelInboundHandler<ClientPacket> implements Outbound {
    private static final Logger log = LoggerFactory.getLogger(LoginChannelHandler.class);
    /** Packets waiting for the worker beyond this mean a client that floods: it is dropped. */
    private static final int MAX_PENDING = 8;
    static final int LOGGED_IN_MAX_FRAME = 1024;

    private final LoginService service;
    private final ClientFrameDecoder decoder;
    private final byte[] hello;
    private final long idleTimeoutSeconds;
    private final SerialExecutor serial;
    private final MeterRegistry meters;
    /** Packets per second on this connection; read on the event loop only. */
    private final RateLimit packets;
    /** The first close decides the cause counted; later ones (the channel closing anyway) are not counted. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private LoginConversation conversation;
    private volatile Channel channel;
    /**
     * The thread running the conversation's current step (null between steps), and the packets that step
     * sent so far: they go out together, in one event-loop task and one flush, when the step ends (the
     * five-packet login answer is one write to the socket instead of five). Both are touched only by that
     * thread; the serial executor orders the steps (so stepThread needs no volatile: only the thread that
     * set it can find itself there).
     */
    private Thread stepThread;
    private final List<ServerPacket> stepPackets = new ArrayList<>(5);

    LoginChannelHandler(LoginService service, ClientFrameDecoder decoder, byte[] hello, long idleTimeoutSeconds,
                        Executor workers, MeterRegistry meters, int packetsPerSecond) {
        this.service = service;
        this.decoder = decoder;
        this.hello = hello;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.serial = new SerialExecutor(workers);
        this.meters = meters;
        this.packets = new RateLimit(Math.max(0, packetsPerSecond), Math.max(1, packetsPerSecond * 2.0), System::nanoTime);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        conversation = service.open(this);
        // the hello is plaintext: written as bytes, it passes the frame encoder untouched
        ctx.writeAndFlush(Unpooled.wrappedBuffer(hello));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientPacket packet) {
        if (serial.pending() >= MAX_PENDING || !packets.tryTake()) {
            close(DisconnectCause.FLOOD, "packets faster than a login sends them");
            return;
        }
        run(() -> conversation.receive(packet));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conversation != null) {
            run(conversation::closed);
        }
        ctx.fireChannelInactive();
    }

    private void run(Runnable task) {
        try {
            serial.execute(() -> {
                stepThread = Thread.currentThread();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // a store outage or a bug: this connection cannot go on, the server can
                    log.warn("event=pangya_conversation_failed remote={} error={}", remote(), e.toString(), e);
                    flushStep(); // what the step sent before it failed goes out first, as it always did
                    close(DisconnectCause.SERVER_ERROR, "server error");
                    if (conversation != null) {
                        conversation.closed();
                    }
                } finally {
                    flushStep();
                    stepThread = null;
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=pangya_workers_full remote={}", remote());
            close(DisconnectCause.BUSY, "server busy");
            if (conversation != null) {
                // the conversation cannot be reached through the pool: release its claim here
                conversation.closed();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            close(DisconnectCause.IDLE, "read timeout");
        } else {
            // bad frames and packets are the client's doing: one debug line, no stack trace
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            close(DisconnectCause.BAD_INPUT, root.getMessage());
        }
    }

    @Override
    public void send(ServerPacket packet) {
        if (Thread.currentThread() == stepThread) {
            stepPackets.add(packet);
        } else {
            channel.writeAndFlush(packet);
        }
    }

    /** Writes the current step's packets, in order, with one flush. */
    private void flushStep() {
        if (stepPackets.isEmpty()) {
            return;
        }
        Channel c = channel;
        if (stepPackets.size() == 1) {
            c.writeAndFlush(stepPackets.get(0));
        } else {
            ServerPacket[] packets = stepPackets.toArray(new ServerPacket[0]);
            c.eventLoop().execute(() -> {
                for (ServerPacket p : packets) {
                    c.write(p);
                }
                c.flush();
            });
        }
        stepPackets.clear();
    }

    @Override
    public void close(DisconnectCause cause, String reason) {
        if (Thread.currentThread() == stepThread) {
            flushStep(); // a step's answer goes out before the close it ends with
        }
        if (closing.compareAndSet(false, true)) {
            log.debug("event=pangya_close remote={} cause={} reason=\"{}\"", remote(), cause.tag(), LogText.escape(reason));
            meters.counter("revenant.pangya.disconnects", "cause", cause.tag()).increment();
        }
        channel.close();
    }

    @Override
    public void loggedIn() {
        channel.eventLoop().execute(() -> {
            decoder.maxFrame(LOGGED_IN_MAX_FRAME);
            if (channel.pipeline().get(PangyaServer.TIMEOUT) != null) {
                channel.pipeline().replace(PangyaServer.TIMEOUT, PangyaServer.TIMEOUT,
                        new ReadTimeoutHandler(idleTimeoutSeconds, TimeUnit.SECONDS));
            }
        });
    }

    @Override
    public void resume(Runnable task) {
        run(task);
    }

    @Override
    public String remote() {
        Channel c = channel;
        return c == null ? "?" : String.valueOf(c.remoteAddress());
    }
}
