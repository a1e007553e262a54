package dev.revenant.core.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.WriteTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails the connection with a {@link WriteTimeoutException} when written data stays stuck for the timeout:
 * the client stopped reading. Netty's {@code WriteTimeoutHandler} schedules a timer and adds a listener for
 * every write, which the room fan-out profile showed as a large share of the event loops' time. This looks
 * only after a flush that left data the socket did not take, which a reading client almost never causes,
 * so the common write costs nothing. A stall is noticed between one and two timeouts after it began.
 *
 * <p>Progress is counted, not recognised: the messages that left the outbound buffer since the last look
 * (those this handler passed on and flushed, less those still waiting), and the bytes written of the one at
 * its head. An earlier version compared the head message's identity, and pooled buffers are reused: a busy
 * client that read everything could find a new message in the same buffer object at the head, just as
 * unwritten, and be cut off as a slow reader (the relay benchmark lost healthy connections that way).
 * The count is exact only if every message reaches the outbound buffer through this handler: add it
 * nearest the pipeline's head.
 */
public final class WriteStallGuard extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private ScheduledFuture<?> check;
    /** Messages passed on towards the socket, and how many of them a flush had sent on at the last flush. */
    private long passed;
    private long flushed;
    private long lastLeft;
    private long lastProgress;

    public WriteStallGuard(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        passed++;
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        flushed = passed;
        ctx.flush();
        if (check == null && pending(ctx) != null) {
            arm(ctx);
        }
    }

    private static ChannelOutboundBuffer pending(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer != null && buffer.totalPendingWriteBytes() > 0 ? buffer : null;
    }

    /** Flushed messages that have left the outbound buffer, written whole. */
    private long left(ChannelOutboundBuffer buffer) {
        return flushed - buffer.size();
    }

    private void arm(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        lastLeft = buffer == null ? 0 : left(buffer);
        lastProgress = buffer == null ? 0 : buffer.currentProgress();
        check = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        ChannelOutboundBuffer buffer = pending(ctx);
        if (!ctx.channel().isActive() || buffer == null) {
            return; // everything went out: nothing to watch until the next flush leaves data behind
        }
        if (left(buffer) == lastLeft && buffer.currentProgress() == lastProgress) {
            ctx.fireExceptionCaught(WriteTimeoutException.INSTANCE);
        } else {
            arm(ctx); // it moved: watch the rest
        }
    }
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
