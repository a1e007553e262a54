package dev.revenant.mig33.server;

import dev.revenant.core.log.LogText;
import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.codec.FramingException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.session.Mig33Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each decoded packet to its session, in order, on the worker pool (the session may block on the
 * store; the event loop never does), or serves it here when it cannot block and nothing of the session's
 * waits ({@link Mig33Session#quick}); and turns channel events into session events.
 */
final class Mig33ChannelHandler extends SimpleChannelInboundHandler<Packet> {
    private static final Logger log = LoggerFactory.getLogger(Mig33ChannelHandler.class);

    private final Mig33Session session;
    private final SerialExecutor serial;
    private final MeterRegistry meters;

    /**
     * The request being served on the event loop ({@link #serveHere}), set and read there only. One task for
     * every request served on the loop, where two were made per request (issue #16: the garbage of a relayed
     * message).
     */
    private Mig33Session.Incoming here;
    private ChannelHandlerContext context;
    private final Runnable serveHere = this::serveHere;

    Mig33ChannelHandler(Mig33Session session, SerialExecutor serial, MeterRegistry meters) {
        this.session = session;
        this.serial = serial;
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    private void serveHere() {
        Mig33Session.Incoming in = here;
        here = null;
        try {
            session.onPacket(in);
        } catch (RuntimeException e) {
            failed(context, e);
        }
    }

    /** Counts a disconnect the server makes, by cause: {@code revenant.mig33.disconnects{cause}}. */
    private void disconnect(String cause) {
        meters.counter("revenant.mig33.disconnects", "cause", cause).increment();
    }

    /**
     * Requests waiting for their session's turn on a worker beyond this, and the server stops reading from
     * the client until the worker is down to {@link #RESUME_READING_AT}: a client that sends faster than it
     * is served fills its own socket buffers, not the server's memory.
     */
    static final int PAUSE_READING_AT = 32;
    static final int RESUME_READING_AT = 8;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Packet p) {
        Mig33Session.Incoming in = Mig33Session.decode(p);
        // a request that cannot block (a message to a user on this node) is served here when nothing of this
        // session's is waiting for a worker: the hand-off to a worker and back was the largest cost of a
        // message in the profile. Otherwise, and for anything that may touch a store, a worker serves it
        if (session.quick(in)) {
            try {
                here = in;
                if (serial.runHereIfIdle(serveHere)) {
                    return;
                }
                here = null;
            } catch (RejectedExecutionException e) {
                overloaded(ctx);
                return;
            }
        }
        run(ctx, () -> {
            session.onPacket(in);
            resumeReadingIfCaughtUp(ctx);
        });
        if (serial.pending() >= PAUSE_READING_AT) {
            ctx.channel().config().setAutoRead(false);
            // the worker may have caught up before reading was paused: then nothing else would resume it
            resumeReadingIfCaughtUp(ctx);
        }
    }

    private void resumeReadingIfCaughtUp(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead() && serial.pending() <= RESUME_READING_AT) {
            ctx.channel().eventLoop().execute(() -> ctx.channel().config().setAutoRead(true));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            serial.execute(session::closed);
        } catch (RejectedExecutionException e) {
            // the pool is full or shut down (a stopping server): the session must still let go of its user,
            // or it would stay registered with nobody behind it. Closing touches no store, so it may run here.
            log.debug("event=closed_inline remote={}", ctx.channel().remoteAddress());
            session.closed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            disconnect("idle");
            run(ctx, session::idle);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FramingException || cause.getCause() instanceof FramingException) {
            disconnect("framing");
            log.debug("event=framing_error remote={} reason=\"{}\"", ctx.channel().remoteAddress(), LogText.escape(cause.getMessage()));
        } else if (cause instanceof WriteTimeoutException) {
            disconnect("slow_reader");
            log.info("event=slow_reader_disconnected remote={} reason=write_timeout", ctx.channel().remoteAddress());
        } else if (cause instanceof IOException) {
            log.debug("event=io_error remote={} reason=\"{}\"", ctx.channel().remoteAddress(), LogText.escape(cause.getMessage()));
        } else {
            log.warn("event=connection_error remote={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void run(ChannelHandlerContext ctx, Runnable task) {
        try {
            serial.execute(guarded(ctx, task));
        } catch (RejectedExecutionException e) {
            overloaded(ctx);
        }
    }

    /** {@code task}, with a failure of its own counted and its connection closed. */
    private Runnable guarded(ChannelHandlerContext ctx, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failed(ctx, e);
            }
        };
    }

    /** A bug of the server's: counted, so that fuzzing and operators can see it, and the connection closed. */
    private void failed(ChannelHandlerContext ctx, RuntimeException e) {
        disconnect("server_error");
        log.warn("event=request_failed remote={}", ctx.channel().remoteAddress(), e);
        ctx.close();
    }

    /** The worker pool is saturated: this connection is shed rather than queued without bound. */
    private void overloaded(ChannelHandlerContext ctx) {
        disconnect("overload");
        log.warn("event=overloaded remote={}", ctx.channel().remoteAddress());
        ctx.close();
    }
}
