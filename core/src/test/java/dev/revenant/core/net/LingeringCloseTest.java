package dev.revenant.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real TCP pair on loopback (an EmbeddedChannel has no sending side to shut): the server's last answer
 * reaches a client that is still sending, the connection is half-closed, what the client still sends is
 * dropped before any handler, and the server closes when the client does, or at the end of the linger; over
 * each transport the server may run on ({@code net.transport}), since a half-close is the kernel's.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class LingeringCloseTest {
    @Parameter
    Transport transport;

    private static final String LAST_ANSWER = "SESSION_TERMINATED";

    private EventLoopGroup loop;
    private final CompletableFuture<Channel> accepted = new CompletableFuture<>();
    /** Reads the handler after the discard saw: only the first, which triggers the close. */
    private final AtomicInteger readsSeen = new AtomicInteger();
    private InetSocketAddress address;

    @BeforeEach
    void start() throws InterruptedException {
        loop = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        Channel server = new ServerBootstrap().group(loop).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.complete(ch);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                if (readsSeen.getAndIncrement() == 0) {
                                    // the protocol's last word, then the close that must not lose it
                                    ctx.write(Unpooled.copiedBuffer(LAST_ANSWER, StandardCharsets.US_ASCII));
                                    LingeringClose.close(ctx.channel());
                                }
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        address = (InetSocketAddress) server.localAddress();
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aClientStillSendingGetsTheLastAnswerThenAnEndOfStreamAndItsCloseEndsTheConnection() throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write("first request".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Channel channel = accepted.get(5, TimeUnit.SECONDS);
            InputStream in = client.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                received.write(b);
            }
            // end of stream, not a reset: the server shut its sending side after the answer
            assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo(LAST_ANSWER);
            // a client still sending meets a connection that takes its bytes (a plain close would have ended it,
            // and answered them with a reset)
            assertThat(channel.isOpen()).isTrue();
            out.write(new byte[64 * 1024]);
            out.flush();
            client.shutdownOutput();
            // the client's close ends the connection, long before the linger would
            assertThat(channel.closeFuture().await(LingeringClose.LINGER_MILLIS / 2, TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(readsSeen).as("what arrived after the close began reached no handler").hasValue(1);
    }

    @Test
    void aClientThatNeverClosesIsClosedAtTheEndOfTheLinger() throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.getOutputStream().write(1);
            client.getOutputStream().flush();
            Channel channel = accepted.get(5, TimeUnit.SECONDS);
            InputStream in = client.getInputStream();
            byte[] answer = in.readNBytes(LAST_ANSWER.length());
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo(LAST_ANSWER);
            assertThat(in.read()).isEqualTo(-1);
            // the client holds its side open: the server gives up after the linger, not never
            assertThat(channel.closeFuture().await(LingeringClose.LINGER_MILLIS * 5, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

}
