package dev.revenant.core.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection without losing the last answer. A client that is still sending when the socket
 * closes gets a reset, and a reset makes its stack drop what it has not read yet (a mig33
 * SESSION_TERMINATED, an HTTP 413). So the server writes what is queued, closes its sending side only,
 * drops whatever still arrives, and closes for good when the client closes too, or after
 * {@link #LINGER_MILLIS}.
 */
public final class LingeringClose {
    /** How long a half-closed connection waits for the client to close its side. */
    public static final long LINGER_MILLIS = 2000;
    private static final String DISCARD = "lingering-close-discard";

    private LingeringClose() {}

    public static void close(Channel channel) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!(channel instanceof DuplexChannel duplex) || !written.isSuccess() || duplex.isOutputShutdown()) {
                channel.close();
                return;
            }
            if (channel.pipeline().get(DISCARD) == null) {
                channel.pipeline().addFirst(DISCARD, Discard.INSTANCE);
            }
            // reading may be paused (backpressure); unread bytes at close would reset the connection
            channel.config().setAutoRead(true);
            duplex.shutdownOutput().addListener(shut -> channel.eventLoop()
                    .schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
        });
    }

    /** Drops what a closing client still sends, before any decoder or handler sees it. */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
