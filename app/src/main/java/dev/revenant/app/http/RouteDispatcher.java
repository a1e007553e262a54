package dev.revenant.app.http;

import dev.revenant.core.log.LogText;
import dev.revenant.core.net.LingeringClose;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP connection: finds each whole request's route, checks the admin token, runs
 * the route's handler on the worker pool and writes the answers back in the order the requests came. One
 * per connection; everything but the handler itself runs on the connection's event loop.
 */
final class RouteDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The logger of the listener, as before: operators filter on it. */
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** Requests a client may send ahead of its answers (HTTP/1.1 pipelining); more close the connection. */
    static final int MAX_WAITING = 16;

    /** A request read whole, copied off its buffers, waiting for its turn. */
    private record Pending(String method, String target, HttpVersion version, Map<String, List<String>> headers,
            byte[] body, boolean keepAlive, long started) {}

    private final RouteTable routes;
    private final AdminToken adminToken;
    private final Executor workers;
    private final int maxRequests;
    /** Counts a connection closed by a limit, by reason (metrics). */
    private final Consumer<String> closedBy;
    /** The web console's sign-ins, which admin routes accept besides the token; null: none. */
    private final ConsoleSessions console;
    /** The WebSocket endpoints, whose upgrade requests leave HTTP behind. */
    private final WebSocketRoutes webSockets;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private HttpDeadlines deadlines;
    private int requests;
    /** An answer is being prepared or written: the next request waits until it is out. */
    private boolean busy;
    /** The last request this connection may send has come; anything after it is dropped. */
    private boolean last;

    RouteDispatcher(RouteTable routes, WebSocketRoutes webSockets, AdminToken adminToken, ConsoleSessions console,
            Executor workers, int maxRequests, Consumer<String> closedBy) {
        this.webSockets = webSockets;
        this.console = console;
        this.routes = routes;
        this.adminToken = adminToken;
        this.workers = workers;
        this.maxRequests = maxRequests;
        this.closedBy = closedBy;
    }

    void deadlines(HttpDeadlines d) {
        this.deadlines = d;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (last) {
            return;
        }
        requests++;
        last = requests >= maxRequests;
        Map<String, List<String>> headers = headers(request);
        waiting.add(new Pending(request.method().name().toUpperCase(Locale.ROOT), request.uri(),
                request.protocolVersion(), headers, ByteBufUtil.getBytes(request.content()),
                HttpUtil.isKeepAlive(request) && !last, System.nanoTime()));
        if (waiting.size() > MAX_WAITING) {
            log.debug("http too many pipelined requests remote={}", ctx.channel().remoteAddress());
            closedBy.accept("pipelined");
            ctx.close();
            return;
        }
        if (!busy) {
            next(ctx);
        }
    }

    private static Map<String, List<String>> headers(HttpRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.headers().names()) {
            headers.put(name, List.copyOf(request.headers().getAll(name)));
        }
        return headers;
    }

    /**
     * Sits before the body is gathered: a request with a body that would be refused whatever the body says
     * (no such route, another method, an admin route without the token) is refused on its head, and its body
     * is never read or held; the connection closes, as the rest of the body is still on its way.
     */
    ChannelInboundHandlerAdapter earlyRefusals() {
        return new ChannelInboundHandlerAdapter() {
            private boolean discarding;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (discarding) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (msg instanceof HttpRequest head && !(msg instanceof FullHttpRequest) && hasBody(head)
                        && !busy && waiting.isEmpty() && refusedOnItsHead(ctx, head)) {
                    discarding = true;
                    ReferenceCountUtil.release(msg);
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private static boolean hasBody(HttpRequest head) {
        return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
    }

    private boolean refusedOnItsHead(ChannelHandlerContext ctx, HttpRequest head) {
        String path;
        try {
            path = new URI(head.uri()).getPath();
        } catch (URISyntaxException bad) {
            return false; // answered 400 once whole, as any malformed target
        }
        if (path == null) {
            return false;
        }
        String method = head.method().name().toUpperCase(Locale.ROOT);
        Response refused = refusal(ctx, routes.find(method, path), method, path, headers(head));
        if (refused == null) {
            return false;
        }
        last = true;
        FullHttpResponse out = toNetty(refused, false);
        HttpUtil.setKeepAlive(out.headers(), head.protocolVersion(), false);
        String shown = loggable(method, path);
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            log.debug("http served method={} path={} status={} body=unread", method, shown, refused.status());
            ctx.close();
        });
        return true;
    }

    private void next(ChannelHandlerContext ctx) {
        Pending p = waiting.poll();
        busy = p != null;
        if (p != null) {
            serve(ctx, p);
        }
    }

    private void serve(ChannelHandlerContext ctx, Pending p) {
        String method = p.method();
        String path;
        String rawQuery;
        try {
            URI target = new URI(p.target());
            path = target.getPath();
            rawQuery = target.getRawQuery();
        } catch (URISyntaxException bad) {
            path = null;
            rawQuery = null;
        }
        if (path == null) {
            log.debug("http refused method={} status=400 reason=\"malformed request target\"", method);
            write(ctx, p, Response.error(400, "malformed request target"), "?");
            return;
        }
        String shown = loggable(method, path);
        WebSocketRoutes.Endpoint webSocket = webSockets.find(path);
        if (webSocket != null) {
            Response refused = webSockets.refusal(method, p.headers());
            if (refused != null) {
                log.debug("http refused method={} path={} status={} reason=\"websocket upgrade\" remote={}", method,
                        shown, refused.status(), ctx.channel().remoteAddress());
                write(ctx, p, refused, shown);
            } else {
                waiting.clear(); // requests sent after an upgrade are not HTTP's any more
                webSockets.upgrade(ctx, webSocket, p.target(), p.version(), p.headers(), shown);
            }
            return;
        }
        RouteTable.Match match = routes.find(method, path);
        Response immediate;
        RouteTable.Route route = null;
        Request request = null;
        try {
            immediate = refusal(ctx, match, method, path, p.headers());
            if (immediate == null) {
                route = match.route().orElseThrow();
                request = new Request(method, path, RouteTable.rest(route.prefix(), path), query(rawQuery),
                        p.headers(), p.body(), (InetSocketAddress) ctx.channel().remoteAddress());
            }
        } catch (HttpProblem problem) {
            log.debug("http refused method={} path={} status={} reason={}", method, shown, problem.status(),
                    problem.getMessage());
            immediate = Response.error(problem.status(), problem.getMessage());
        }
        if (immediate != null) {
            write(ctx, p, immediate, shown);
            return;
        }
        RouteHandler handler = route.handler();
        Request ready = request;
        try {
            // handlers may block (JDBC, admin commands): never on the event loop
            workers.execute(() -> {
                Response response = handle(handler, ready, method, shown);
                try {
                    ctx.executor().execute(() -> write(ctx, p, response, shown));
                } catch (RejectedExecutionException stopping) {
                    log.debug("http answer dropped, the server is stopping method={} path={}", method, shown);
                }
            });
        } catch (RejectedExecutionException full) {
            log.warn("http refused method={} path={} status=503 reason=\"worker queue full\"", method, shown);
            write(ctx, p, Response.error(503, "the server is busy; try again shortly"), shown);
        }
    }

    /** 404, 405 or 401 for a request no route may answer; null when its route may. */
    private Response refusal(ChannelHandlerContext ctx, RouteTable.Match match, String method, String path,
            Map<String, List<String>> headers) {
        if (match.route().isEmpty()) {
            if (match.allowed().isEmpty()) {
                return Response.error(404, "no such resource: " + path);
            }
            return Response.error(405, "method " + method + " is not allowed here")
                    .withHeader("Allow", String.join(", ", match.allowed()));
        }
        if (match.route().get().admin() && !authorized(headers)) {
            log.debug("http admin request refused method={} path={} remote={}", method, loggable(method, path),
                    ctx.channel().remoteAddress());
            return Response.error(401, "admin token required").withHeader("WWW-Authenticate", "Bearer");
        }
        return null;
    }

    private static Response handle(RouteHandler handler, Request request, String method, String shown) {
        try {
            return handler.handle(request);
        } catch (HttpProblem problem) {
            log.debug("http refused method={} path={} status={} reason={}", method, shown, problem.status(),
                    problem.getMessage());
            return Response.error(problem.status(), problem.getMessage());
        } catch (Exception e) {
            log.error("http handler failed method={} path={}", method, shown, e);
            return Response.error(500, "internal error");
        }
    }

    /** The path as logs show it: what follows an admin or secret-tail route's prefix may be a key or a token. */
    private String loggable(String method, String path) {
        return routes.find(method, path).route()
                .filter(RouteTable.Route::masked)
                .map(r -> r.prefix() + (path.length() > r.prefix().length() ? "…" : ""))
                .map(LogText::escape)
                .orElse(LogText.escape(path));
    }

    private boolean authorized(Map<String, List<String>> headers) {
        List<String> values = headers.get("Authorization");
        String header = values == null || values.isEmpty() ? null : values.get(0);
        // the scheme is case-insensitive (RFC 7235); the token itself is never logged
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // the web console: its sign-in cookie with its own header (never a cookie alone: CSRF)
            return console != null && console.signedIn(headers).isPresent();
        }
        return adminToken.matches(header.substring(7).strip());
    }

    private void write(ChannelHandlerContext ctx, Pending p, Response response, String shown) {
        if (!ctx.channel().isActive()) {
            log.debug("http client went away method={} path={} reason=closed", p.method(), shown);
            return;
        }
        boolean head = "HEAD".equals(p.method());
        FullHttpResponse out = toNetty(response, head);
        HttpUtil.setKeepAlive(out.headers(), p.version(), p.keepAlive());
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.debug("http client went away method={} path={} reason={}", p.method(), shown, String.valueOf(f.cause()));
                ctx.close();
                return;
            }
            log.debug("http served method={} path={} status={} millis={}", p.method(), shown, response.status(),
                    (System.nanoTime() - p.started()) / 1_000_000);
            if (!p.keepAlive()) {
                ctx.close();
                return;
            }
            deadlines.answered(ctx);
            next(ctx);
        });
    }

    private static FullHttpResponse toNetty(Response response, boolean head) {
        byte[] body = response.body();
        boolean bodyless = body.length == 0 || response.status() == 204 || head;
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                bodyless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        if (response.status() != 204) {
            HttpUtil.setContentLength(out, head ? body.length : out.content().readableBytes());
        }
        return out;
    }

    /** Answers {@code status} with the usual JSON error, closing the connection once it is written. */
    void refuseAndClose(ChannelHandlerContext ctx, int status, String message, String reason) {
        closedBy.accept(reason);
        log.debug("http refused status={} reason=\"{}\" remote={}", status, message, ctx.channel().remoteAddress());
        last = true;
        waiting.clear();
        FullHttpResponse out = toNetty(Response.error(status, message), false);
        HttpUtil.setKeepAlive(out.headers(), HttpVersion.HTTP_1_1, false);
        // the client may still be sending the body refused: a plain close would reset it, answer unread
        ctx.channel().writeAndFlush(out).addListener(f -> LingeringClose.close(ctx.channel()));
    }

    /** A deadline of {@link HttpDeadlines} passed: a request begun and not finished is told why; then closed. */
    void expired(ChannelHandlerContext ctx, HttpDeadlines.Expiry expiry) {
        if (deadlines.midRequest() && !deadlines.answering()) {
            refuseAndClose(ctx, 408, expiry == HttpDeadlines.Expiry.BODY_TIMEOUT
                    ? "the request body did not arrive in time" : "the request head did not arrive in time", expiry.reason);
        } else {
            closedBy.accept(expiry.reason);
            ctx.channel().close();
        }
    }

    /** Sits after the decoder: a request it could not read (too long a line or head, bad syntax) is answered and closed. */
    ChannelInboundHandlerAdapter malformedRequests() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                    Throwable cause = o.decoderResult().cause();
                    ReferenceCountUtil.release(msg);
                    if (cause instanceof TooLongHttpLineException) {
                        refuseAndClose(ctx, 414, "the request line is too long", "too_large");
                    } else if (cause instanceof TooLongHttpHeaderException) {
                        refuseAndClose(ctx, 431, "the request headers are too large", "too_large");
                    } else {
                        refuseAndClose(ctx, 400, "malformed request", "malformed");
                    }
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset, a write that made no progress for the body timeout: the connection is over
        log.debug("http connection failed remote={} reason={}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            throw new HttpProblem(400, "malformed query string");
        }
    }
}
