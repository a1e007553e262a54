package dev.revenant.mig33.server;

import dev.revenant.core.net.NetLoops;
import dev.revenant.core.net.PortInUseException;
import dev.revenant.core.net.TcpService;
import dev.revenant.core.net.WriteStallGuard;
import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.codec.Mig33FrameDecoder;
import dev.revenant.mig33.codec.Mig33PacketEncoder;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.Mig33Service;
import dev.revenant.mig33.session.Mig33Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mig33 gateway on the wire: listens on the configured ports; each connection gets the pipeline
 * {@code writeTimeout → flushes → idle → packets → frames → session}; its session's packets enter it at
 * {@code frames}, with every outbound stage between there and the head.
 */
public final class Mig33Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mig33Server.class);

    private final Mig33Config config;
    private final Mig33Service service;
    private final Executor workers;
    private final TcpService tcp;
    private final MeterRegistry meters;

    public Mig33Server(Mig33Config config, Mig33Service service, NetLoops loops, Executor workers, MeterRegistry meters) {
        this.meters = meters;
        this.config = config;
        this.service = service;
        this.workers = workers;
        List<InetSocketAddress> binds = config.ports().stream()
                .map(port -> new InetSocketAddress(config.host(), port))
                .toList();
        // the first port is the one phones dial; the others are their fallbacks (25), bound where they may be
        this.tcp = new TcpService("mig33", binds, 1, loops, new WriteBufferWaterMark(512 * 1024, 1024 * 1024),
                this::pipeline);
    }

    private void pipeline(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // a write that cannot finish means the client stopped reading: cut it off rather than wait for ever
        // (nearest the head, where it sees every message that enters the outbound buffer)
        p.addLast(Stages.WRITE_TIMEOUT, new WriteStallGuard(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        // the answers to the requests of one read leave in one write when the read ends, not one write each (a
        // sender with several messages in flight had a system call for every OK); a flush outside a read, such
        // as a delivery to this client, goes at once. Behind the guard, which then counts merged flushes only
        p.addLast(Stages.FLUSHES, new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        p.addLast(Stages.IDLE, idle(config.loginTimeout().toMillis()));
        p.addLast(Stages.PACKETS, Mig33PacketEncoder.INSTANCE);
        // the decoder behind the encoder: the connection's packets enter the pipeline at the decoder's context,
        // and the session's and the decoder's, which only read, are not walked by every write
        Mig33FrameDecoder frames = new Mig33FrameDecoder(config.maxPacketBytesBeforeLogin());
        p.addLast(Stages.FRAMES, frames);
        // after login the longer idle timeout and the larger packets apply
        Runnable onLogin = () -> {
            frames.maxContent(config.maxPacketBytes());
            if (ch.pipeline().get(Stages.IDLE) != null) {
                ch.pipeline().replace(Stages.IDLE, Stages.IDLE, idle(config.idleTimeout().toMillis()));
            }
        };
        Mig33Session session = service.open(new ChannelConnection(ch, p.context(Stages.FRAMES), onLogin,
                () -> meters.counter("revenant.mig33.disconnects", "cause", "slow_reader").increment()));
        p.addLast(Stages.SESSION, new Mig33ChannelHandler(session, new SerialExecutor(workers), meters));
    }

    private static IdleStateHandler idle(long millis) {
        return new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS);
    }

    public void start() {
        tcp.start();
        for (TcpService.Unbound u : tcp.unbound()) {
            int port = u.address().getPort();
            String why = u.reason().contains("ermission") && port < 1024
                    ? "ports below 1024 need root or the CAP_NET_BIND_SERVICE capability (" + u.reason() + ")"
                    : u.reason().contains("in use") ? "the port is in use by another program (" + u.reason() + ")"
                    : u.reason();
            log.warn("event=mig33_port_not_bound address={} reason=\"{}\" effect=\"phones that fall back to port {}"
                    + " do not reach this server; the gateway serves on {}\" fix=\"let the server bind it, or leave {} out"
                    + " of mig33.ports\"", PortInUseException.shown(u.address()), why, port,
                    tcp.boundAddresses().stream().map(a -> String.valueOf(a.getPort())).toList(), port);
        }
    }

    public List<InetSocketAddress> boundAddresses() {
        return tcp.boundAddresses();
    }

    /** Graceful stop: no new connections, every user told why, then every connection closed. */
    public void stop(String reason) {
        tcp.stopAccepting();
        service.shutdown(reason);
        tcp.close();
    }

    @Override
    public void close() {
        tcp.close();
    }
}
