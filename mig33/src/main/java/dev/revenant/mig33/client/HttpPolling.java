package dev.revenant.mig33.client;

import dev.revenant.mig33.codec.FramingException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * mig33 over HTTP (spec §8) as a phone speaks it, made to look like a packet channel for {@link Mig33Client}:
 * packets written to the channel are POSTed (to {@code /} before LOGIN_CHALLENGE names the session, then to
 * {@code /<session id>}), one request at a time on a kept-alive connection; with nothing to send it polls
 * (an empty GET, HTTP_POLL) every {@code pollEvery}, at once again while answers bring packets; the packets of
 * each answer go up the pipeline as if they had arrived on TCP. All on the channel's event loop.
 */
final class HttpPolling extends ChannelDuplexHandler {
    /** A body holds packets up to the server's limit before login (it takes several per request). */
    private static final int MAX_BODY = PacketCodec.HEADER + 4096;

    private final long pollNanos;
    private final String host;
    private final ArrayDeque<Packet> queued = new ArrayDeque<>();
    private boolean inFlight;
    private String sessionId;
    private boolean ended;
    private ScheduledFuture<?> poll;

    HttpPolling(Duration pollEvery, String host) {
        this.pollNanos = pollEvery.toNanos();
        this.host = host;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Packet p) {
            queued.add(p);
            promise.trySuccess(); // taken: it goes out with the next request
            sendNext(ctx, false);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void sendNext(ChannelHandlerContext ctx, boolean pollNow) {
        if (inFlight || !ctx.channel().isActive()) {
            return;
        }
        if (queued.isEmpty()) {
            if (pollNow && poll != null && !poll.isDone()) {
                poll.cancel(false);
            }
            if (sessionId != null && !ended && (poll == null || poll.isDone())) {
                poll = ctx.executor().schedule(() -> poll(ctx), pollNow ? 0 : pollNanos, TimeUnit.NANOSECONDS);
            }
            return;
        }
        ByteBuf body = ctx.alloc().buffer();
        do {
            PacketCodec.write(queued.poll(), body);
        } while (!queued.isEmpty() && body.readableBytes() + PacketCodec.HEADER + queued.peek().contentLength() <= MAX_BODY);
        request(ctx, HttpMethod.POST, body);
    }

    private void poll(ChannelHandlerContext ctx) {
        if (!inFlight && queued.isEmpty() && !ended && ctx.channel().isActive()) {
            request(ctx, HttpMethod.GET, ctx.alloc().buffer(0));
        }
    }

    private void request(ChannelHandlerContext ctx, HttpMethod method, ByteBuf body) {
        inFlight = true;
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                "/" + (sessionId == null ? "" : sessionId), body);
        req.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, "image/gif")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ctx.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse res)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int packets = 0;
        try {
            inFlight = false;
            if (res.status().code() != 200) {
                ctx.fireExceptionCaught(new IllegalStateException("mig33 over HTTP answered " + res.status()));
                return;
            }
            ByteBuf in = res.content();
            Packet p;
            while ((p = PacketCodec.read(in, PacketCodec.DEFAULT_MAX_CONTENT)) != null) {
                packets++;
                if (p.type() == PacketType.LOGIN_CHALLENGE && p.string(2) != null) {
                    sessionId = p.string(2);
                } else if (p.type() == PacketType.SESSION_TERMINATED) {
                    ended = true;
                }
                ctx.fireChannelRead(p);
            }
        } catch (FramingException e) {
            ctx.fireExceptionCaught(e);
            return;
        } finally {
            ReferenceCountUtil.release(res);
        }
        // more may wait for a session that just had some: ask again at once, else at the poll's pace
        sendNext(ctx, packets > 0);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (poll != null) {
            poll.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
