package dev.revenant.core.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.WriteTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails the connection with a {@link WriteTimeoutException} when written data stays stuck for the timeout:
 * the client stopped reading. Netty's {@code WriteTimeoutHandler} schedules a timer and adds a listener for
 * every write, which the room fan-out profile showed as a large share of the event loops' time. This looks
 * only after a flush that left data the socket did not take, which a reading client almost never causes,
 * so the common write costs nothing. A stall is noticed between one and two timeouts after it began.
 */
public final class WriteStallGuard extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private ScheduledFuture<?> check;
    private Object lastMessage;
    private long lastProgress;

    public WriteStallGuard(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        if (check == null && pending(ctx) != null) {
            arm(ctx);
        }
    }

    private static ChannelOutboundBuffer pending(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer != null && buffer.totalPendingWriteBytes() > 0 ? buffer : null;
    }

    private void arm(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        lastMessage = buffer == null ? null : buffer.current();
        lastProgress = buffer == null ? 0 : buffer.currentProgress();
        check = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        ChannelOutboundBuffer buffer = pending(ctx);
        if (!ctx.channel().isActive() || buffer == null) {
            return; // everything went out: nothing to watch until the next flush leaves data behind
        }
        if (buffer.current() == lastMessage && buffer.currentProgress() == lastProgress) {
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
