package dev.revenant.mig33.server;

import dev.revenant.core.net.NetLoops;
import dev.revenant.core.net.PortInUseException;
import dev.revenant.core.net.TcpService;
import dev.revenant.core.net.WriteStallGuard;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.Mig33Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mig33 over HTTP (spec §8), the MIDlets' last fallback: a listener of its own on {@code mig33.http.ports},
 * not a route of the HTTP listener, because the MIDlets own the whole path space (they POST to {@code /} and
 * to {@code /<session id>}) and the original served it on port 80 as the gateway's third port. Its sessions
 * are the same {@code Mig33Session}s as TCP's, on a {@link PolledConnection} instead of a channel.
 */
public final class Mig33HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mig33HttpServer.class);

    private final Mig33Config config;
    private final NetLoops loops;
    private final MeterRegistry meters;
    private final PolledSessions sessions;
    private final TcpService tcp;
    private volatile ScheduledFuture<?> sweeping;

    public Mig33HttpServer(Mig33Config config, Mig33Service service, NetLoops loops, Executor workers, MeterRegistry meters) {
        this.config = config;
        this.loops = loops;
        this.meters = meters;
        this.sessions = new PolledSessions(config, service, workers, meters);
        List<InetSocketAddress> binds = config.http().ports().stream()
                .map(port -> new InetSocketAddress(config.host(), port))
                .toList();
        // answers are written whole; the marks only matter for the write-stall guard's notion of a stuck reader
        this.tcp = new TcpService("mig33-http", binds, 1, loops, new WriteBufferWaterMark(64 * 1024, 1024 * 1024),
                this::pipeline);
    }

    private void pipeline(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // a connection with no request under way: the phone opens a new one for each request anyway
        p.addLast(Stages.WRITE_TIMEOUT, new WriteStallGuard(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(Stages.IDLE, new IdleStateHandler(config.loginTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(Stages.HTTP_CODEC, new HttpServerCodec());
        PollingHandler handler = new PollingHandler(config, sessions, meters);
        p.addLast(Stages.BODY, new OneBodyAtMost(PacketCodec.HEADER + config.maxPacketBytes(), handler));
        p.addLast(Stages.SESSION, handler);
    }

    public void start() {
        tcp.start();
        for (TcpService.Unbound u : tcp.unbound()) {
            log.warn("event=mig33_http_port_not_bound address={} reason=\"{}\" fix=\"let the server bind it, or leave"
                    + " it out of mig33.http.ports\"", PortInUseException.shown(u.address()),
                    u.reason());
        }
        long every = sessions.sweepEveryNanos();
        sweeping = loops.timer().scheduleAtFixedRate(() -> sessions.expire(System.nanoTime()), every, every,
                TimeUnit.NANOSECONDS);
        log.info("event=mig33_http_listening addresses={}", tcp.boundAddresses());
    }

    public List<InetSocketAddress> boundAddresses() {
        return tcp.boundAddresses();
    }

    /** Sessions held now, logged in or not (ended ones whose last packets wait included). */
    public int sessions() {
        return sessions.size();
    }

    /** No new requests; the sessions end (a logged-in user was already told why by the service's shutdown). */
    public void stop() {
        tcp.stopAccepting();
        close();
    }

    @Override
    public void close() {
        ScheduledFuture<?> s = sweeping;
        if (s != null) {
            s.cancel(false);
        }
        sessions.closeAll();
        tcp.close();
    }

    /** Aggregates a body of at most one packet; a larger one is answered 413 before it is read whole. */
    private static final class OneBodyAtMost extends HttpObjectAggregator {
        private final PollingHandler handler;
        private final int max;

        OneBodyAtMost(int max, PollingHandler handler) {
            super(max);
            this.max = max;
            this.handler = handler;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            handler.refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "a request body holds one packet of at most " + (max - PacketCodec.HEADER) + " content bytes",
                    "too_large");
        }
    }
}
