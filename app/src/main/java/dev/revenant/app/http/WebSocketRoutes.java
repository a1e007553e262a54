package dev.revenant.app.http;

import dev.revenant.core.log.LogText;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's WebSocket endpoints: an upgrade request ({@code GET} with {@code Upgrade: websocket}) to one
 * of their exact paths is answered 101 and the connection stops being HTTP. Its HTTP stages (deadlines,
 * body limit, routes, the HTTP write guard) leave the pipeline; what stays is Netty's frame codec, the
 * answers to ping and close, a check that text is UTF-8 (1007) and the gathering of a message's fragments up
 * to the endpoint's size (1009 past it); the endpoint's installer adds the rest, which sees whole text and
 * binary frames.
 *
 * <p>A browser sends {@code Origin} with every upgrade, and the same-origin rule does not cover WebSockets: a
 * page on any site could open one with its visitor's cookies. So an upgrade whose {@code Origin} is not this
 * listener (its {@code Host}, or {@code http.publicUrl}) is refused 403; one without {@code Origin} (a client
 * that is not a browser) is let through.
 */
final class WebSocketRoutes {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** The stages added after the upgrade, before the endpoint's own. */
    static final String CONTROL = "wsControl";
    static final String UTF8 = "wsUtf8";
    static final String MESSAGES = "wsMessages";

    /** One endpoint: the largest message it takes, and what sets up a connection once upgraded. */
    record Endpoint(int maxMessageBytes, Consumer<Channel> installer) {}

    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** {@code host:port} of {@code http.publicUrl}, or null when it names none. */
    private final String publicAuthority;

    WebSocketRoutes(String publicUrl) {
        this.publicAuthority = publicUrl == null || publicUrl.isEmpty() ? null : authority(publicUrl);
    }

    void add(String path, Endpoint endpoint) {
        if (endpoints.putIfAbsent(path, endpoint) != null) {
            throw new IllegalStateException("a WebSocket endpoint is registered at " + path + " already");
        }
    }

    /** The endpoint at exactly {@code path}, or null. */
    Endpoint find(String path) {
        return endpoints.isEmpty() ? null : endpoints.get(path);
    }

    /**
     * Why this upgrade is refused before its handshake (405, 426, 403), or null when it may go ahead.
     * {@code headers} are case-insensitive.
     */
    Response refusal(String method, Map<String, List<String>> headers) {
        if (!"GET".equals(method)) {
            return Response.error(405, "a WebSocket is opened with GET").withHeader("Allow", "GET");
        }
        String upgrade = first(headers, "Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return Response.error(426, "this is a WebSocket endpoint: send an upgrade request (Upgrade: websocket)")
                    .withHeader("Upgrade", "websocket").withHeader("Connection", "Upgrade");
        }
        String origin = first(headers, "Origin");
        if (origin != null && !sameOrigin(origin, first(headers, "Host"))) {
            return Response.error(403, "a WebSocket may be opened only from this server's own pages");
        }
        return null;
    }

    private boolean sameOrigin(String origin, String host) {
        String from = authority(origin.strip());
        if (from == null) {
            return false; // "null" (a sandboxed page, a file) or garbage
        }
        String scheme = origin.strip().toLowerCase(Locale.ROOT).startsWith("https:") ? "https" : "http";
        return from.equals(publicAuthority) || (host != null && from.equals(hostAuthority(host.strip(), scheme)));
    }

    /** {@code host:port} (lower case, the scheme's port when none is written) of an origin or URL, or null. */
    static String authority(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                return null;
            }
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
            return u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The Host header as {@code host:port}; without a port it is the origin's scheme's (behind a proxy that
     * ends TLS, the page is https and the Host names no port).
     */
    private static String hostAuthority(String host, String scheme) {
        return authority(scheme + "://" + host);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Answers the handshake and turns the connection into the endpoint's: called on the event loop by the
     * route dispatcher, in the order of the connection's requests, with the request's target and headers.
     */
    void upgrade(ChannelHandlerContext ctx, Endpoint endpoint, String target, HttpVersion version,
            Map<String, List<String>> headers, String shown) {
        HttpHeaders nettyHeaders = new DefaultHttpHeaders();
        headers.forEach(nettyHeaders::add);
        FullHttpRequest request = new DefaultFullHttpRequest(version, HttpMethod.GET, target, Unpooled.EMPTY_BUFFER,
                nettyHeaders, new DefaultHttpHeaders());
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(endpoint.maxMessageBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        String location = "ws://" + first(headers, "Host") + target;
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, frames)
                .newHandshaker(request);
        Channel channel = ctx.channel();
        if (handshaker == null) {
            log.debug("http refused method=GET path={} status=426 reason=\"WebSocket version\"", shown);
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ChannelPipeline p = channel.pipeline();
        // no more HTTP requests: their clocks and limits would cut a quiet WebSocket, or read frames as requests
        for (String stage : List.of(HttpListener.DEADLINES, HttpListener.PHASES, HttpListener.MALFORMED,
                HttpListener.EARLY, HttpListener.AGGREGATOR)) {
            if (p.get(stage) != null) {
                p.remove(stage);
            }
        }
        // in place before the answer goes out, so that no frame the client sends after it finds them missing
        p.addLast(CONTROL, new Control(handshaker));
        p.addLast(UTF8, new Utf8FrameValidator(true));
        p.addLast(MESSAGES, new Messages(endpoint.maxMessageBytes()));
        endpoint.installer().accept(channel);
        handshaker.handshake(channel, request).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.debug("http websocket handshake failed path={} reason={}", shown, String.valueOf(f.cause()));
                channel.close();
                return;
            }
            // the routes and the HTTP write guard served the HTTP part; the endpoint guards its own writes
            for (String stage : List.of(HttpListener.ROUTES, HttpListener.STALL)) {
                if (channel.pipeline().get(stage) != null) {
                    channel.pipeline().remove(stage);
                }
            }
            log.debug("http websocket opened path={} remote={}", shown, channel.remoteAddress());
        });
    }

    /** Closes with a close frame carrying {@code status} and a short reason (at most 123 bytes of UTF-8). */
    static void close(Channel channel, WebSocketCloseStatus status, String reason) {
        String text = LogText.escape(reason);
        while (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            text = text.substring(0, text.length() - 1);
        }
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(status, text)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Ping is answered with pong, pong dropped, a close answered with close (and the connection closed). */
    private static final class Control extends ChannelInboundHandlerAdapter {
        private final WebSocketServerHandshaker handshaker;

        Control(WebSocketServerHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
            } else if (msg instanceof PongWebSocketFrame pong) {
                pong.release();
            } else if (msg instanceof CloseWebSocketFrame close) {
                handshaker.close(ctx.channel(), close);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** A message's fragments gathered into one frame; a message past the endpoint's size closes with 1009. */
    private static final class Messages extends WebSocketFrameAggregator {
        private final int max;

        Messages(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, WebSocketFrame oversized) {
            // the aggregator releases the frame
            close(ctx.channel(), WebSocketCloseStatus.MESSAGE_TOO_BIG, "a message is at most " + max + " bytes");
        }
    }
}
