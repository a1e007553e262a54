package dev.revenant.mig33.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.codec.Mig33FrameDecoder;
import dev.revenant.mig33.codec.Mig33PacketEncoder;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.session.Connection;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection on a real loopback socket: the order it writes in, and its lingering close. */
class ChannelConnectionTest {
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aConnectionThatEntersThePipelineAtAStageWritesThroughTheStagesBeforeItOnly() {
        // as the gateway's TCP connection enters at the frame decoder's context: the encoder and what is nearer
        // the head take every packet, and a stage behind the entry (there, only inbound ones) is not walked
        List<Object> nearHead = new CopyOnWriteArrayList<>();
        List<Object> behind = new CopyOnWriteArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast("nearHead", recorder(nearHead))
                .addLast(Stages.PACKETS, Mig33PacketEncoder.INSTANCE)
                .addLast(Stages.FRAMES, new Mig33FrameDecoder(1024))
                .addLast("behind", recorder(behind));
        ChannelConnection connection = new ChannelConnection(channel, channel.pipeline().context(Stages.FRAMES),
                () -> {}, () -> {});
        assertThat(connection.send(Packet.of(PacketType.PONG, 7).build()).toCompletableFuture().join()).isTrue();
        Object written = channel.readOutbound();
        assertThat(written).as("encoded on its way out").isInstanceOf(ByteBuf.class);
        assertThat(PacketCodec.read((ByteBuf) written, 1024).txn()).isEqualTo(7);
        ReferenceCountUtil.release(written);
        assertThat(nearHead).hasSize(1);
        assertThat(behind).as("a stage behind the entry").isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void aPacketWrittenThereAndThenIsToldByAFutureCompleteAlreadyAndOneTheSocketRefusedByFalse() throws Exception {
        Pair pair = connect(2);
        try {
            ChannelConnection connection = new ChannelConnection(pair.server(), pair.server(), () -> {}, () -> {});
            // on the loop, nothing queued: written before send returns, so no future is made for it
            CompletionStage<Boolean> onLoop = pair.server().eventLoop()
                    .submit(() -> connection.send(Packet.of(PacketType.OK, 1).build())).get(5, TimeUnit.SECONDS);
            assertThat(onLoop).isSameAs(Connection.WRITTEN);
            // from another thread: the loop writes it later, and the future says so then
            assertThat(connection.send(Packet.of(PacketType.OK, 2).build()).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS)).isTrue();
            pair.lastRead().get(5, TimeUnit.SECONDS);
            assertThat(pair.read()).containsExactly(1, 2);
        } finally {
            pair.close();
        }
        // a write the channel fails at once (a message then stored rather than answered as delivered)
        EmbeddedChannel refusing = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                promise.setFailure(new java.io.IOException("Broken pipe"));
            }
        });
        ChannelConnection broken = new ChannelConnection(refusing, refusing, () -> {}, () -> {});
        assertThat(broken.send(Packet.of(PacketType.OK, 3).build()).toCompletableFuture().getNow(null)).isFalse();
        refusing.finishAndReleaseAll();
    }

    /** An outbound stage that keeps what passes it (released by the channel's end). */
    private static ChannelOutboundHandlerAdapter recorder(List<Object> passed) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                passed.add(msg);
                ctx.write(msg, promise);
            }
        };
    }

    /**
     * The server's side of a fresh loopback connection, with the mig33 encoder, and a phone that keeps the
     * transaction ids of the packets it reads, in order, until it has read the one with {@code lastTxn}.
     */
    private record Pair(Channel listener, SocketChannel server, Channel phone, List<Integer> read,
                        CompletableFuture<Void> lastRead) {
        void close() {
            phone.close().syncUninterruptibly();
            listener.close().syncUninterruptibly();
        }
    }

    /** A listener on loopback whose connections have the mig33 encoder, each completing {@code accepted}. */
    private Channel listen(CompletableFuture<SocketChannel> accepted) throws InterruptedException {
        return new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Mig33PacketEncoder.INSTANCE);
                        accepted.complete(ch);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    private Pair connect(int lastTxn) throws Exception {
        CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
        Channel listener = listen(accepted);
        List<Integer> read = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> lastRead = new CompletableFuture<>();
        Channel phone = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Mig33FrameDecoder(PacketCodec.DEFAULT_MAX_CONTENT),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        int txn = ((Packet) msg).txn();
                                        read.add(txn);
                                        if (txn == lastTxn) {
                                            lastRead.complete(null);
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                }).connect(listener.localAddress()).sync().channel();
        return new Pair(listener, accepted.get(5, TimeUnit.SECONDS), phone, read, lastRead);
    }

    /**
     * An answer handed over on the connection's own event loop is written there at once, unless something
     * handed over before it from another thread is still queued for that loop: it must not overtake that (the
     * OK of a sender's first message, stored by a worker, before the OK of the next, delivered on the loop).
     */
    @Test
    void aPacketHandedOverOnTheLoopDoesNotOvertakeOneHandedOverBeforeFromAnotherThread() throws Exception {
        Pair pair = connect(5);
        try {
            ChannelConnection connection = new ChannelConnection(pair.server(), pair.server(), () -> {}, () -> {});
            CompletableFuture<Boolean> firstWritten = new CompletableFuture<>();
            // the loop is busy (writing a delivery); meanwhile a worker hands over the first answer, and then the
            // loop itself the second
            pair.server().eventLoop().submit(() -> {
                CompletableFuture.runAsync(() -> connection.send(Packet.of(PacketType.OK, 1).build())
                        .thenAccept(firstWritten::complete)).join();
                connection.push(Packet.of(PacketType.OK, 2).build());
                connection.pushFromLane(Packet.of(PacketType.OK, 3).build());
            }).get(5, TimeUnit.SECONDS);
            assertThat(firstWritten.get(5, TimeUnit.SECONDS)).isTrue();
            // once what was queued is written, an answer on the loop goes out there and then
            pair.server().eventLoop().submit(() -> connection.push(Packet.of(PacketType.OK, 4).build()))
                    .get(5, TimeUnit.SECONDS);
            CompletableFuture<Boolean> last = connection.send(Packet.of(PacketType.OK, 5).build()).toCompletableFuture();
            assertThat(last.get(5, TimeUnit.SECONDS)).isTrue();
            pair.lastRead().get(5, TimeUnit.SECONDS);
            assertThat(pair.read()).containsExactly(1, 2, 3, 4, 5);
        } finally {
            pair.close();
        }
    }

    @Test
    void whatIsSentWhileTheConnectionLingersIsNotTakenForASlowReader() throws Exception {
        CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
        Channel listener = listen(accepted);
        // the phone reads what comes and keeps its own side open after the server's side is shut
        CompletableFuture<Void> serverSideShut = new CompletableFuture<>();
        Channel phone = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof ChannelInputShutdownEvent) {
                            serverSideShut.complete(null);
                        }
                    }
                }).connect(listener.localAddress()).sync().channel();
        try {
            SocketChannel server = accepted.get(5, TimeUnit.SECONDS);
            AtomicInteger slowReaders = new AtomicInteger();
            ChannelConnection connection = new ChannelConnection(server, server, () -> {}, slowReaders::incrementAndGet);
            Packet pong = Packet.of(PacketType.PONG, 1).build();
            assertThat(connection.send(pong).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();

            connection.close(); // a logout: the last answer is written, then the sending side shut
            serverSideShut.get(5, TimeUnit.SECONDS);
            assertThat(((DuplexChannel) server).isOutputShutdown()).isTrue();
            assertThat(server.isActive()).as("still lingering for the phone to close").isTrue();

            // a contact's presence, a message: nowhere to go, so not written (a message is then stored)
            assertThat(connection.send(pong).toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
            connection.push(pong);
            assertThat(slowReaders).as("a closing connection is no slow reader").hasValue(0);
        } finally {
            phone.close().syncUninterruptibly();
            listener.close().syncUninterruptibly();
        }
    }
}
