package dev.revenant.bench;

import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerEntry;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.crypto.Lzo;
import dev.revenant.pangya.crypto.ServerFrameCipher;
import dev.revenant.pangya.login.Account;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.MessageToByteEncoder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The PangYa login answer (LoginSuccess, login key, macros, message and game server lists) written from a
 * worker thread to a real loopback connection, until the client has read all of it: as five
 * {@code writeAndFlush} calls (five event-loop tasks, five flushes: what the server did before) and as one
 * event-loop task with five writes and one flush (what {@code LoginChannelHandler} does now). Each packet
 * is encoded, LZO-compressed and encrypted on the event loop, as the server's encoder does. The key tables
 * are not shipped: set REVENANT_PANGYA_KEYS to their file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PangyaLoginAnswerBenchmark {
    private static final int KEY = 7;
    private static final int SALT = 0x5A;

    private EventLoopGroup serverLoop;
    private EventLoopGroup clientLoop;
    private Channel server;
    private Channel accepted;
    private Channel client;
    private List<ServerPacket> answer;
    private long answerBytes;
    private final AtomicLong received = new AtomicLong();
    private volatile long wanted;
    private volatile Thread waiter;

    /** What the server's ServerFrameEncoder does, with a fixed salt so the answer's size is known. */
    private static final class Encoder extends MessageToByteEncoder<ServerPacket> {
        private final ServerFrameCipher cipher;

        Encoder(ServerFrameCipher cipher) {
            super(ServerPacket.class);
            this.cipher = cipher;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, ServerPacket packet, ByteBuf out) {
            out.writeBytes(seal(cipher, packet));
        }
    }

    private static byte[] seal(ServerFrameCipher cipher, ServerPacket packet) {
        byte[] payload = ServerPacket.encode(packet, Profile.TH829);
        return cipher.encrypt(KEY, SALT, Lzo.compress(payload), payload.length);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String keys = System.getenv("REVENANT_PANGYA_KEYS");
        if (keys == null) {
            throw new IllegalStateException("set REVENANT_PANGYA_KEYS to the PangYa key tables file");
        }
        ServerFrameCipher cipher = new ServerFrameCipher(KeyTables.load(Path.of(keys)));
        ServerEntry game = new ServerEntry("Revenant", 20201, 2000, 0, "127.0.0.1", 20201, 0x80, 0, 0x4, 0, 0, 9);
        ServerEntry messenger = new ServerEntry("Messenger", 30301, 8000, 0, "127.0.0.1", 30303, 0x1000, 0, 0, 0, 0, 0);
        answer = List.of(new ServerPacket.LoginSuccess("bench1234", 4242, "Bench"),
                new ServerPacket.LoginKey("0123456789ABCDEF0123456789ABCDEF0123"),
                new ServerPacket.ChatMacros(Account.DEFAULT_MACROS),
                new ServerPacket.MessageServerList(List.of(messenger)),
                new ServerPacket.GameServerList(List.of(game)));
        answerBytes = answer.stream().mapToLong(p -> seal(cipher, p).length).sum();

        serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<Channel> child = new CompletableFuture<>();
        server = new ServerBootstrap().group(serverLoop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Encoder(cipher));
                        child.complete(ch);
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        client = new Bootstrap().group(clientLoop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        long now = received.addAndGet(b.readableBytes());
                        b.release();
                        Thread w = waiter;
                        if (w != null && now >= wanted) {
                            LockSupport.unpark(w);
                        }
                    }
                }).connect(server.localAddress()).sync().channel();
        accepted = child.get(5, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Before: each packet its own writeAndFlush from the worker. */
    @Benchmark
    public long fiveFlushes() {
        long until = expect();
        for (ServerPacket p : answer) {
            accepted.writeAndFlush(p);
        }
        return await(until);
    }

    /** After: one event-loop task writes the five packets and flushes once. */
    @Benchmark
    public long oneFlush() {
        long until = expect();
        Channel c = accepted;
        List<ServerPacket> packets = answer;
        c.eventLoop().execute(() -> {
            for (ServerPacket p : packets) {
                c.write(p);
            }
            c.flush();
        });
        return await(until);
    }

    private long expect() {
        long until = received.get() + answerBytes;
        wanted = until;
        waiter = Thread.currentThread();
        return until;
    }

    private long await(long until) {
        while (received.get() < until) {
            LockSupport.parkNanos(100_000);
        }
        return until;
    }
}
