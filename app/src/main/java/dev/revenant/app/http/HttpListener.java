package dev.revenant.app.http;

import dev.revenant.app.config.HttpConfig;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.net.TcpService;
import dev.revenant.core.net.WriteStallGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener. It knows no feature: health, metrics, pictures and each module's admin API are routes
 * registered with {@link #route} or, when they change state, {@link #routeAdmin}. Routes may be added before
 * or after {@link #start()}.
 *
 * <p>It runs on the server's own event loops with Netty's HTTP/1.1 codec: a connection costs no thread while
 * it sends its request, however slowly, and the header, body and idle timeouts close the ones that take
 * too long ({@link HttpDeadlines}). Its connections are admitted by the same {@code ConnectionGate} as the
 * mig33 and PangYa ones, so they count against the same per-address and total limits. Route handlers may
 * block (JDBC, admin commands): they run on the server's bounded worker pool, never on an event loop.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    /** Answers are written whole; the marks only matter for the write-stall guard's notion of a stuck reader. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 1024 * 1024);
    /** The pipeline's stages, in order. */
    static final String DEADLINES = "deadlines";
    static final String STALL = "stall";
    static final String CODEC = "codec";
    static final String PHASES = "phases";
    static final String MALFORMED = "malformed";
    static final String EARLY = "early";
    static final String AGGREGATOR = "aggregator";
    static final String ROUTES = "routes";

    private final HttpConfig config;
    private final AdminToken adminToken;
    private final NetLoops loops;
    private final Executor workers;
    private final MeterRegistry meters;
    private final RouteTable routes = new RouteTable();
    private final WebSocketRoutes webSockets;
    /** The web console's sign-ins: admin routes take them like the token. */
    private final ConsoleSessions console;
    private TcpService service;

    /**
     * @param loops the server's event loops and connection gate, shared with its other listeners
     * @param workers the bounded pool route handlers run on; a full pool is answered 503
     * @param meters where {@code revenant.http.closed{reason}} counts the connections the listener's limits close
     */
    public HttpListener(HttpConfig config, AdminToken adminToken, NetLoops loops, Executor workers,
            MeterRegistry meters) {
        this.config = config;
        this.adminToken = adminToken;
        this.console = new ConsoleSessions(adminToken, java.time.Clock.systemUTC());
        this.webSockets = new WebSocketRoutes(config.publicUrl());
        this.loops = loops;
        this.workers = workers;
        this.meters = meters;
        // each reason at zero from the start: the clock's, and the dispatcher's refusals that close
        for (HttpDeadlines.Expiry expiry : HttpDeadlines.Expiry.values()) {
            meters.counter(CLOSED, "reason", expiry.reason);
        }
        for (String reason : List.of("too_large", "malformed", "pipelined")) {
            meters.counter(CLOSED, "reason", reason);
        }
    }

    /** HTTP connections the listener's limits closed, by {@code reason}. */
    static final String CLOSED = "revenant.http.closed";

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

    /**
     * A WebSocket endpoint at exactly {@code path}: a GET upgrade request there is answered 101 (after the
     * cross-origin check of {@link WebSocketRoutes}) and the connection leaves HTTP. {@code installer} runs
     * on the connection's event loop, before the 101 is written; it adds the handlers that take whole
     * {@code TextWebSocketFrame}s and {@code BinaryWebSocketFrame}s (a message larger than
     * {@code maxMessageBytes} closes with 1009) and write frames back, and owns the connection's timeouts
     * from then on.
     */
    public HttpListener webSocket(String path, int maxMessageBytes, Consumer<Channel> installer) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        webSockets.add(path, new WebSocketRoutes.Endpoint(maxMessageBytes, installer));
        return this;
    }

    /** The web console's sign-ins, which admin routes accept like the token. */
    public ConsoleSessions console() {
        return console;
    }

    /** Binds the port and starts serving. */
    public synchronized void start() {
        if (service != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        TcpService candidate = new TcpService("http", List.of(address), loops, WATER_MARK, this::pipeline);
        try {
            candidate.start();
        } catch (dev.revenant.core.net.PortInUseException e) {
            throw e; // the caller names the option that moves it
        } catch (IllegalStateException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot listen for HTTP on " + config.host() + ":" + config.port()
                    + ": " + why.getMessage(), e);
        }
        service = candidate;
        log.info("http listening host={} port={}", config.host(), port());
    }

    private void pipeline(SocketChannel channel) {
        RouteDispatcher dispatcher = new RouteDispatcher(routes, webSockets, adminToken, console, workers, config.maxRequestsPerConnection(),
                reason -> meters.counter(CLOSED, "reason", reason).increment());
        HttpDeadlines deadlines = new HttpDeadlines(config.headerTimeout(), config.bodyTimeout(), config.idleTimeout(),
                dispatcher::expired);
        dispatcher.deadlines(deadlines);
        int maxHeader = config.maxHeaderBytes().toIntExact();
        ChannelPipeline p = channel.pipeline();
        // an answer the client does not take for bodyTimeout is cut (nearest the head: it counts what enters the
        // outbound buffer)
        p.addLast(STALL, new WriteStallGuard(config.bodyTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast(DEADLINES, deadlines.bytes());
        p.addLast(CODEC, new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxHeader)
                .setMaxHeaderSize(maxHeader)));
        p.addLast(PHASES, deadlines.messages());
        p.addLast(MALFORMED, dispatcher.malformedRequests());
        p.addLast(EARLY, dispatcher.earlyRefusals());
        p.addLast(AGGREGATOR, new BodyLimit(config.maxBodyBytes().toIntExact(), dispatcher));
        p.addLast(ROUTES, dispatcher);
    }

    /** The port actually bound (the chosen one when the configuration says 0). */
    public int port() {
        TcpService running = service;
        if (running == null) {
            throw new IllegalStateException("not started");
        }
        return running.boundAddresses().get(0).getPort();
    }

    /** Stops accepting and closes every connection; an answer still being prepared is dropped. */
    @Override
    public synchronized void close() {
        if (service == null) {
            return;
        }
        service.close();
        service = null;
        log.info("http stopped");
    }

    /** Aggregates a request's body up to the limit; a larger one is answered 413 and the connection closed. */
    private static final class BodyLimit extends HttpObjectAggregator {
        private final RouteDispatcher dispatcher;
        private final int max;

        BodyLimit(int max, RouteDispatcher dispatcher) {
            super(max);
            this.max = max;
            this.dispatcher = dispatcher;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            dispatcher.refuseAndClose(ctx, 413, "request body is larger than " + max + " bytes", "too_large");
        }
    }
}
