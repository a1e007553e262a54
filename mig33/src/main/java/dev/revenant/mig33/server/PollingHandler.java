package dev.revenant.mig33.server;

import dev.revenant.core.log.LogText;
import dev.revenant.core.net.LingeringClose;
import dev.revenant.mig33.codec.FramingException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection of mig33 over HTTP. Each request is a POST whose body holds a packet, or an empty GET
 * (an HTTP_POLL); it names its session by its path ({@code /<id>}, what the MIDlets send: 3.00–4.62 open
 * {@code http://gateway.mig33.com/<id>}) or a {@code sid} cookie (the original server's first choice), and
 * none when it starts one (LOGIN, PING, registration: the MIDlets send those to {@code /}). The answer is
 * {@code 200} with every packet that waits for the session, back to back, and a Content-Length the MIDlets
 * read it by (3.x take a missing one as "no packets").
 *
 * <p>A request on one connection is answered before the next is read, so answers keep their order.
 */
final class PollingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(PollingHandler.class);
    /** What the original answered with, and the MIDlets send: the body is packets, not a picture. */
    static final String CONTENT_TYPE = "image/gif";
    static final String COOKIE = "sid";
    static final String UNKNOWN_SESSION = "Your session has expired. Please log in again.";
    static final String TOO_MANY_SESSIONS = "Too many sessions from your network. Please try again later.";

    private final Mig33Config config;
    private final PolledSessions sessions;
    private final MeterRegistry meters;

    PollingHandler(Mig33Config config, PolledSessions sessions, MeterRegistry meters) {
        this.config = config;
        this.sessions = sessions;
        this.meters = meters;
    }

    /** Requests refused before they reached a session, by {@code reason}. */
    static final String REFUSED = "revenant.mig33.http.refused";

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", "malformed_http");
            return;
        }
        if (!HttpMethod.POST.equals(req.method()) && !HttpMethod.GET.equals(req.method())) {
            refuse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "mig33 over HTTP takes POST and GET", "method");
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String named = sessionId(req);
        PolledConnection c = named == null ? null : sessions.find(named);
        if (named != null && c == null) {
            unknownSession(ctx, keepAlive);
            return;
        }
        int maxContent = c != null && c.isLoggedIn() ? config.maxPacketBytes() : config.maxPacketBytesBeforeLogin();
        ByteBuf body = req.content();
        if (body.readableBytes() > PacketCodec.HEADER + maxContent) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "a request body holds one packet of at most " + maxContent + " content bytes", "too_large");
            return;
        }
        List<Packet> packets;
        try {
            packets = packets(body, maxContent);
        } catch (FramingException e) {
            log.debug("event=framing_error transport=http remote={} reason=\"{}\"", ctx.channel().remoteAddress(),
                    LogText.escape(e.getMessage()));
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed mig33 packet: " + e.getMessage(), "framing");
            return;
        }
        long now = System.nanoTime();
        String newId = null;
        if (c == null && !packets.isEmpty() && packets.get(0).type() == PacketType.LOGIN_RESPONSE) {
            // 4.20 sometimes sends its LOGIN_RESPONSE to /null, a few milliseconds after the challenge came,
            // before it has kept the challenge's session id: it answers the login this address has waiting, if
            // it has exactly one. Without the password that opens that challenge nobody gains a session so.
            c = sessions.awaitingLoginResponse(host(ctx));
        }
        if (c == null) {
            if (packets.isEmpty()) {
                // a poll that names no session (a browser's GET /, a phone that lost its id)
                unknownSession(ctx, keepAlive);
                return;
            }
            if (packets.stream().allMatch(p -> p.type() == PacketType.PING)) {
                // the MIDlets' connection test, sent to / before any login: answered without a session
                answer(ctx, keepAlive, packets.stream().map(p -> ServerPackets.pong(p.txn())).toList(), null);
                return;
            }
            c = sessions.open(host(ctx), String.valueOf(ctx.channel().remoteAddress()), now);
            if (c == null) {
                meters.counter(REFUSED, "reason", "sessions_per_address").increment();
                answer(ctx, keepAlive, List.of(ServerPackets.error(packets.get(0).txn(), ServerPackets.ERROR_UNDEFINED,
                        TOO_MANY_SESSIONS)), null);
                return;
            }
            newId = c.id();
        } else if (c.isEnded()) {
            // the session ended between requests (idle, taken over, server stopping): its last words, once
            sessions.remove(c);
            answer(ctx, keepAlive, c.takeWaiting(), null);
            return;
        }
        c.requested(now);
        // one request at a time per connection: its answer is written before the next is read
        ctx.channel().config().setAutoRead(false);
        PolledConnection session = c;
        String created = newId;
        try {
            for (Packet p : packets) {
                session.serial.execute(() -> handle(ctx, session, p));
            }
            int awaited = packets.isEmpty() ? 0 : packets.get(packets.size() - 1).txn();
            session.serial.execute(() -> {
                boolean keep = created == null || session.session().holdsState();
                if (!keep) {
                    // e.g. a one-packet registration: nothing to come back for
                    session.close();
                }
                AtomicBoolean answered = new AtomicBoolean();
                AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
                Runnable reply = () -> {
                    if (answered.compareAndSet(false, true)) {
                        ScheduledFuture<?> t = timer.get();
                        if (t != null) {
                            t.cancel(false);
                        }
                        List<Packet> out = session.takeWaiting();
                        if (session.isEnded()) {
                            sessions.remove(session);
                        }
                        ctx.executor().execute(() -> answer(ctx, keepAlive, out, keep ? created : null));
                    }
                };
                if (awaited == 0) {
                    reply.run();
                } else {
                    // an answer may follow its request's handling (a message's OK waits for the recipient's
                    // connection, for at most writeTimeout): this HTTP answer waits for it as long, no longer
                    session.whenAnswered(awaited, reply);
                    if (!answered.get()) {
                        timer.set(ctx.executor().schedule(reply, config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the worker pool is saturated: shed this request rather than queue without bound
            meters.counter("revenant.mig33.disconnects", "cause", "overload").increment();
            log.warn("event=overloaded transport=http remote={}", ctx.channel().remoteAddress());
            if (created != null) {
                // a session this request started and nobody will name: not kept
                session.close();
                sessions.remove(session);
            }
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "the server is overloaded", "overload");
        }
    }

    /** An expired, ended or made-up session: the phone is told in its own words, and logs in again. */
    private void unknownSession(ChannelHandlerContext ctx, boolean keepAlive) {
        meters.counter(REFUSED, "reason", "unknown_session").increment();
        answer(ctx, keepAlive, List.of(ServerPackets.sessionTerminated(UNKNOWN_SESSION)), null);
    }

    private void handle(ChannelHandlerContext ctx, PolledConnection c, Packet p) {
        try {
            c.session().onPacket(p);
        } catch (RuntimeException e) {
            // a bug of the server's: counted, and the session ends as its TCP twin would
            meters.counter("revenant.mig33.disconnects", "cause", "server_error").increment();
            log.warn("event=request_failed transport=http remote={}", ctx.channel().remoteAddress(), e);
            c.close();
        }
    }

    /** Every whole packet of the body; bytes that do not make a whole packet are a framing error. */
    static List<Packet> packets(ByteBuf body, int maxContent) {
        List<Packet> packets = new ArrayList<>(1);
        Packet p;
        while ((p = PacketCodec.read(body, maxContent)) != null) {
            packets.add(p);
        }
        if (body.isReadable()) {
            throw new FramingException(body.readableBytes() + " bytes after the last whole packet");
        }
        return packets;
    }

    /**
     * The session a request names: the {@code sid} cookie, else the last segment of its path. "null" is no
     * name: a 3.0x MIDlet that has no session id yet appends Java's rendering of one.
     */
    static String sessionId(FullHttpRequest req) {
        String cookies = req.headers().get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(cookies)) {
                if (COOKIE.equals(cookie.name()) && !cookie.value().isBlank()) {
                    return cookie.value();
                }
            }
        }
        String path = new QueryStringDecoder(req.uri()).path();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() || last.equals("null") ? null : last;
    }

    private static String host(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
    }

    /** 200 with the packets back to back; the first answer of a new session also sets its cookie. */
    private void answer(ChannelHandlerContext ctx, boolean keepAlive, List<Packet> packets, String newSessionId) {
        ByteBuf body = ctx.alloc().buffer();
        for (Packet p : packets) {
            PacketCodec.write(p, body);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                // operators' proxies must not answer a poll from their cache
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
                .set(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE);
        if (newSessionId != null) {
            res.headers().set(HttpHeaderNames.SET_COOKIE, COOKIE + "=" + newSessionId + "; Path=/; HttpOnly");
        }
        HttpUtil.setKeepAlive(res, keepAlive);
        var written = ctx.writeAndFlush(res);
        if (keepAlive) {
            ctx.channel().config().setAutoRead(true);
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A clear refusal in plain text; the connection closes after it (what follows cannot be trusted). */
    void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String why, String reason) {
        meters.counter(REFUSED, "reason", reason).increment();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(why + "\n", StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res);
        LingeringClose.close(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // a connection with no request under way for loginTimeout; the session, if any, lives on
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("event=io_error transport=http remote={} reason=\"{}\"", ctx.channel().remoteAddress(),
                    LogText.escape(cause.getMessage()));
        } else {
            log.warn("event=connection_error transport=http remote={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
