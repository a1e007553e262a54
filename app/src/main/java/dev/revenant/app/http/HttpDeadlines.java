package dev.revenant.app.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one clock of an HTTP connection, on its event loop: a request's head must arrive within the header
 * timeout of its first byte (a new connection's first request within the header timeout of connecting), its
 * body within the body timeout of the head, and a kept-alive connection with nothing under way is closed
 * after the idle timeout. While a request is being answered no read deadline runs (the answer's writing has
 * its own guard). Two handlers share it: {@link #bytes()} sits before the HTTP decoder and sees a request
 * begin, {@link #messages()} sits after it and sees its head and its end.
 */
final class HttpDeadlines {
    private static final Logger log = LoggerFactory.getLogger(HttpDeadlines.class);

    /** What the decoder is in the middle of. */
    private enum Reading { NOTHING, HEAD, BODY }

    /** Why a connection was closed by the clock; the request it was reading, if any, is answered 408. */
    enum Expiry {
        HEADER_TIMEOUT("header_timeout"), BODY_TIMEOUT("body_timeout"), IDLE("idle");

        final String reason;

        Expiry(String reason) {
            this.reason = reason;
        }
    }

    private final long headerNanos;
    private final long bodyNanos;
    private final long idleNanos;
    /** Called on the event loop when a deadline passes: answers (if a request was begun) and closes. */
    private final BiConsumer<ChannelHandlerContext, Expiry> onExpiry;
    private Reading reading = Reading.NOTHING;
    /** Requests read whole and not yet answered. */
    private int unanswered;
    private java.util.concurrent.ScheduledFuture<?> deadline;

    HttpDeadlines(Duration header, Duration body, Duration idle, BiConsumer<ChannelHandlerContext, Expiry> onExpiry) {
        this.headerNanos = header.toNanos();
        this.bodyNanos = body.toNanos();
        this.idleNanos = idle.toNanos();
        this.onExpiry = onExpiry;
    }

    /** Before the decoder: the connection opens, and a request's first bytes arrive. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                // a new connection has the header timeout, not the idle one, to send its first request
                arm(ctx, headerNanos, Expiry.HEADER_TIMEOUT);
                super.channelActive(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (reading == Reading.NOTHING && msg instanceof ByteBuf buf && buf.isReadable()) {
                    reading = Reading.HEAD;
                    arm(ctx, headerNanos, Expiry.HEADER_TIMEOUT);
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                cancel();
                super.channelInactive(ctx);
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                cancel();
            }
        };
    }

    /** After the decoder: a request's head is complete, then the whole request. */
    ChannelInboundHandlerAdapter messages() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    reading = Reading.BODY;
                    arm(ctx, bodyNanos, Expiry.BODY_TIMEOUT);
                }
                if (msg instanceof LastHttpContent) {
                    reading = Reading.NOTHING;
                    unanswered++;
                    cancel();
                }
                super.channelRead(ctx, msg);
            }
        };
    }

    /** A request's answer was written; with none left to answer, the idle timeout starts. */
    void answered(ChannelHandlerContext ctx) {
        unanswered = Math.max(0, unanswered - 1);
        if (unanswered == 0 && reading == Reading.NOTHING && ctx.channel().isActive()) {
            arm(ctx, idleNanos, Expiry.IDLE);
        }
    }

    /** Whether a request has been read whole and not answered yet (a timeout then must not answer out of turn). */
    boolean answering() {
        return unanswered > 0;
    }

    /** Whether some of a request has arrived, but not all of it. */
    boolean midRequest() {
        return reading != Reading.NOTHING;
    }

    private void arm(ChannelHandlerContext ctx, long nanos, Expiry expiry) {
        cancel();
        deadline = ctx.executor().schedule(() -> {
            deadline = null;
            if (ctx.channel().isActive()) {
                log.debug("http connection closed reason={} remote={}", expiry.reason, ctx.channel().remoteAddress());
                onExpiry.accept(ctx, expiry);
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
