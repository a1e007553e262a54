package dev.revenant.mig33.server;

import dev.revenant.core.log.LogText;
import dev.revenant.core.net.LingeringClose;
import dev.revenant.core.net.WriteStallGuard;
import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketJson;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.Mig33Service;
import dev.revenant.mig33.session.Mig33Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mig33 over WebSocket, for clients in a browser: the HTTP listener upgrades {@code GET /mig33/ws} and hands
 * the connection to {@link #install}. Each text frame carries one packet in its JSON form
 * ({@link PacketJson}), or a JSON array of packets; each packet the server sends is one text frame. The
 * session is the same {@link Mig33Session} as TCP's, on a {@link ChannelConnection} whose transport is
 * "websocket": the same services, rate limits, login and idle timeouts, write-stall guard and slow-reader
 * cut-off. What is not a packet ends the connection, as a framing error does over TCP:
 * <ul>
 *   <li>a message larger than {@link #maxMessageBytes} (before login {@link #maxMessageBytesBeforeLogin}): 1009;
 *   <li>text that is not JSON, not a packet, or a value that does not fit its field's type: 1007 with the reason;
 *   <li>a binary frame: 1003 (the binary form has TCP; one form per connection keeps the answers' form plain).
 * </ul>
 */
public final class Mig33WebSocket {
    private static final Logger log = LoggerFactory.getLogger(Mig33WebSocket.class);
    /** Where the HTTP listener accepts the upgrade. */
    public static final String PATH = "/mig33/ws";
    /** What the operator's session list calls the transport. */
    static final String TRANSPORT = "websocket";
    /**
     * JSON is larger than the binary form: bytes travel in base64 (4/3), numbers in decimal, each field's id
     * quoted. Twice the binary form's largest packet holds every packet that fits the binary limit but one
     * made mostly of escaped control characters, which no client sends.
     */
    static final int JSON_PER_BINARY_BYTE = 2;
    /** The same slow-reader marks as the TCP gateway's: past the high one the client is cut off. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private final Mig33Config config;
    private final Mig33Service service;
    private final Executor workers;
    private final MeterRegistry meters;

    public Mig33WebSocket(Mig33Config config, Mig33Service service, Executor workers, MeterRegistry meters) {
        this.config = config;
        this.service = service;
        this.workers = workers;
        this.meters = meters;
    }

    /** The largest message a logged-in session may send: {@link #JSON_PER_BINARY_BYTE} x the binary packet's limit. */
    public int maxMessageBytes() {
        return JSON_PER_BINARY_BYTE * (PacketCodec.HEADER + config.maxPacketBytes());
    }

    /** The same before login, from {@code maxPacketBytesBeforeLogin}. */
    public int maxMessageBytesBeforeLogin() {
        return JSON_PER_BINARY_BYTE * (PacketCodec.HEADER + config.maxPacketBytesBeforeLogin());
    }

    /**
     * Makes an upgraded connection a mig33 session: called on its event loop, with Netty's frame codec in its
     * pipeline and whole text and binary frames arriving at its end.
     */
    public void install(Channel ch) {
        ch.config().setWriteBufferWaterMark(WATER_MARK);
        ChannelPipeline p = ch.pipeline();
        p.addLast(Stages.IDLE, idle(config.loginTimeout().toMillis()));
        // nearest the head, below the frame codec, where it sees every message that enters the outbound buffer
        p.addFirst(Stages.WRITE_TIMEOUT, new WriteStallGuard(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        JsonFrames json = new JsonFrames(maxMessageBytesBeforeLogin());
        p.addLast(Stages.JSON, json);
        Runnable onLogin = () -> {
            json.maxBytes = maxMessageBytes();
            if (ch.pipeline().get(Stages.IDLE) != null) {
                ch.pipeline().replace(Stages.IDLE, Stages.IDLE, idle(config.idleTimeout().toMillis()));
            }
        };
        Mig33Session session = service.open(new ChannelConnection(ch, onLogin,
                () -> meters.counter("revenant.mig33.disconnects", "cause", "slow_reader").increment(), TRANSPORT,
                Mig33WebSocket::close));
        p.addLast(Stages.SESSION, new Mig33ChannelHandler(session, new SerialExecutor(workers), meters));
    }

    /** The server ends the session (logout, idle, takeover, shutdown): a close frame, then TCP's lingering close. */
    private static void close(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        // SESSION_TERMINATED, sent before, says why when there is a why
        ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), ""))
                .addListener(f -> LingeringClose.close(ch));
    }

    private static IdleStateHandler idle(long millis) {
        return new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS);
    }

    /** Text frames to packets and packets to text frames; anything else closes with its status. */
    private final class JsonFrames extends MessageToMessageCodec<WebSocketFrame, Packet> {
        /** Changed on the event loop at login. */
        int maxBytes;
        private boolean closing;

        JsonFrames(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (closing) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                if (text.content().readableBytes() > maxBytes) {
                    refuse(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "a message is at most " + maxBytes + " bytes"
                            + (maxBytes < maxMessageBytes() ? " before login" : ""));
                    return;
                }
                try {
                    out.addAll(PacketJson.read(text.text()));
                } catch (PacketJson.MalformedJsonException e) {
                    refuse(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, e.getMessage());
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                refuse(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "packets travel as JSON text frames");
            }
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Packet packet, List<Object> out) {
            out.add(new TextWebSocketFrame(PacketJson.write(packet)));
        }

        /** A frame Netty's decoder refused (too large: 1009; bad masking or opcodes: 1002) was answered by it already. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof CorruptedWebSocketFrameException) {
                if (!closing) {
                    closing = true;
                    meters.counter("revenant.mig33.disconnects", "cause", "framing").increment();
                }
                log.debug("event=framing_error transport=websocket remote={} reason=\"{}\"", ctx.channel().remoteAddress(),
                        LogText.escape(String.valueOf(cause.getMessage())));
                ctx.close();
                return;
            }
            ctx.fireExceptionCaught(cause);
        }

        /** Counted and logged as TCP's framing errors; the client is told why in the close frame. */
        private void refuse(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
            closing = true;
            meters.counter("revenant.mig33.disconnects", "cause", "framing").increment();
            log.debug("event=framing_error transport=websocket remote={} status={} reason=\"{}\"",
                    ctx.channel().remoteAddress(), status.code(), LogText.escape(reason));
            ctx.writeAndFlush(new CloseWebSocketFrame(status, fitting(reason))).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A close frame's reason holds at most 123 bytes of UTF-8. */
    private static String fitting(String reason) {
        String text = reason;
        while (text.getBytes(StandardCharsets.UTF_8).length > 123) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
