package dev.revenant.app.http;

import dev.revenant.core.log.LogText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.revenant.app.config.HttpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener. It knows no feature: health, metrics and each module's admin API are routes
 * registered with {@link #route} or, when they change state, {@link #routeAdmin}. Routes may be added
 * before or after {@link #start()}.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** Request bodies are small admin documents; anything larger is refused before it is read whole. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final int QUEUED_REQUESTS = 64;

    private final HttpConfig config;
    private final AdminToken adminToken;
    private final RouteTable routes = new RouteTable();
    private HttpServer server;
    private ThreadPoolExecutor executor;

    public HttpListener(HttpConfig config, AdminToken adminToken) {
        this.config = config;
        this.adminToken = adminToken;
    }

    /** Serves {@code method} requests whose path is {@code prefix} or lies under it. */
    public HttpListener route(String method, String prefix, RouteHandler handler) {
        routes.add(method, prefix, handler, false);
        return this;
    }

    /** Like {@link #route}, but only for requests that carry {@code Authorization: Bearer <admin token>}. */
    public HttpListener routeAdmin(String method, String prefix, RouteHandler handler) {
        routes.add(method, prefix, handler, true);
        return this;
    }

    /**
     * A public route whose path tail is a secret (a picture's token): served like {@link #route}, but
     * logs show only the prefix.
     */
    public HttpListener routeSecretTail(String method, String prefix, RouteHandler handler) {
        routes.add(method, prefix, handler, false, true);
        return this;
    }

    /** Binds the port and starts serving. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        // when every thread is busy and the queue is full the accepting thread answers itself: that slows
        // accepting down instead of dropping connections or queueing without bound
        executor = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), threads(), new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        log.info("http listening host={} port={}", config.host(), port());
    }

    /** The port actually bound (the chosen one when the configuration says 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        log.info("http stopped");
    }

    private void serve(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        String shown = loggable(method, path);
        Response response;
        try {
            response = dispatch(exchange, method, path);
        } catch (HttpProblem problem) {
            log.debug("http refused method={} path={} status={} reason={}", method, shown, problem.status(),
                    LogText.escape(problem.getMessage()));
            response = Response.error(problem.status(), problem.getMessage());
        } catch (Exception e) {
            log.error("http handler failed method={} path={}", method, shown, e);
            response = Response.error(500, "internal error");
        }
        try (exchange) {
            send(exchange, response);
            log.debug("http served method={} path={} status={} millis={}", method, shown, response.status(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            log.debug("http client went away method={} path={} reason={}", method, shown, e.toString());
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

    private Response dispatch(HttpExchange exchange, String method, String path) throws Exception {
        RouteTable.Match match = routes.find(method, path);
        if (match.route().isEmpty()) {
            if (match.allowed().isEmpty()) {
                return Response.error(404, "no such resource: " + path);
            }
            return Response.error(405, "method " + method + " is not allowed here")
                    .withHeader("Allow", String.join(", ", match.allowed()));
        }
        RouteTable.Route route = match.route().get();
        if (route.admin() && !authorized(exchange)) {
            log.debug("http admin request refused method={} path={} remote={}", method, loggable(method, path),
                    exchange.getRemoteAddress());
            return Response.error(401, "admin token required").withHeader("WWW-Authenticate", "Bearer");
        }
        Request request = new Request(method, path, RouteTable.rest(route.prefix(), path),
                query(exchange.getRequestURI().getRawQuery()), headers(exchange), body(exchange),
                exchange.getRemoteAddress());
        return route.handler().handle(request);
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        // the scheme is case-insensitive (RFC 7235); the token itself is never logged
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return adminToken.matches(header.substring(7).strip());
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new HttpProblem(413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return headers;
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

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.body();
        boolean bodyless = body.length == 0 || response.status() == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), bodyless ? -1 : body.length);
        if (!bodyless) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
