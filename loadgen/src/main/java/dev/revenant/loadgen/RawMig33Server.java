package dev.revenant.loadgen;

import dev.revenant.core.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: the least a Netty server can do with mig33 framing (9-byte header, content length at
 * offset 5). In echo mode it sends every frame back; in relay mode connections are paired in the order
 * they were accepted (0-1, 2-3, …), every frame goes to the partner unchanged and, once written there, the
 * sender gets a bare OK header with the frame's transaction id, so the frames in and out per message and
 * the OK's meaning match the real server's private-message path. No decoding into fields, no sessions, no store.
 */
final class RawMig33Server implements AutoCloseable {
    enum Mode { ECHO, RELAY }

    private final EventLoopGroup boss;
    private final EventLoopGroup loops;
    private final Channel listener;
    /** Relay mode: connections by accept order (null once closed); echo mode keeps none. */
    private final List<Channel> accepted = new ArrayList<>();

    RawMig33Server(Mode mode, int ioThreads) {
        this(mode, ioThreads, 0, false, Transport.choose("auto"));
    }

    /**
     * With {@code flushPerRead}, a relay's OKs for the frames of one read go out in one write at the end of that
     * read (Netty's {@code FlushConsolidationHandler}, as Revenant's gateway has it); without, every OK is
     * flushed on its own. The deliveries to partners are flushed at once either way. {@code transport} is the
     * event loops' (the server's {@code net.transport}), so that both sides of a comparison reach the kernel alike.
     */
    RawMig33Server(Mode mode, int ioThreads, int port, boolean flushPerRead, Transport transport) {
        boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        loops = new MultiThreadIoEventLoopGroup(ioThreads, transport.ioHandlers());
        listener = new ServerBootstrap().group(boss, loops).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        LengthFieldBasedFrameDecoder frames = new LengthFieldBasedFrameDecoder(1 << 20, 5, 4, 0, 0);
                        if (mode == Mode.ECHO) {
                            ch.pipeline().addLast(frames, new Echo());
                            return;
                        }
                        int index;
                        synchronized (accepted) {
                            index = accepted.size();
                            accepted.add(ch);
                        }
                        // a closed connection's slot is emptied, so the baseline holds only live ones
                        ch.closeFuture().addListener(f -> {
                            synchronized (accepted) {
                                accepted.set(index, null);
                            }
                        });
                        if (flushPerRead) {
                            ch.pipeline().addLast(new FlushConsolidationHandler(
                                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
                        }
                        ch.pipeline().addLast(frames, new Relay(index));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    private final class Relay extends ChannelInboundHandlerAdapter {
        private final int index;

        Relay(int index) {
            this.index = index;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            int txn = frame.getUnsignedShort(frame.readerIndex() + 3);
            Channel partner;
            synchronized (accepted) {
                int p = index ^ 1;
                partner = p < accepted.size() ? accepted.get(p) : null;
            }
            if (partner == null) {
                frame.release();
                ctx.write(ok(ctx, txn), ctx.voidPromise());
                return;
            }
            // the OK follows the write to the partner, as the real server's OK follows the delivery: without
            // that, a sender's next message would not wait for its last, and queues would grow without bound
            partner.writeAndFlush(frame).addListener(written -> ctx.writeAndFlush(ok(ctx, txn), ctx.voidPromise()));
        }

        private static ByteBuf ok(ChannelHandlerContext ctx, int txn) {
            return ctx.alloc().buffer(9).writeByte(0x02).writeShort(1).writeShort(txn).writeInt(0);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        synchronized (accepted) {
            accepted.stream().filter(java.util.Objects::nonNull).forEach(Channel::close);
        }
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
