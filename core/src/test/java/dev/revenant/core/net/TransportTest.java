package dev.revenant.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server's choice of event loops ({@code net.transport}), and a real connection over each. */
class TransportTest {
    /** A machine whose native library ships with the server: Linux on x86-64 or on ARM64. */
    private static final boolean SHIPS_HERE = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"));

    @Test
    void theNativeLibrariesForBothArchitecturesShipWithTheServer() {
        // an ARM board cannot be tried here: that its library is on the class path is what can be checked
        for (String arch : List.of("x86_64", "aarch_64")) {
            assertThat(Transport.class.getClassLoader()
                    .getResource("META-INF/native/libnetty_transport_native_epoll_" + arch + ".so")).as(arch).isNotNull();
        }
    }

    @Test
    void autoIsEpollOnLinuxWhereTheNativeLibraryShipsAndNioElsewhere() {
        // the native library comes with the server's own jar: on the machines it is built for, auto never falls back
        assertThat(Transport.choose("auto")).isEqualTo(SHIPS_HERE ? Transport.EPOLL : Transport.NIO);
        assertThat(Transport.choose(null)).isEqualTo(Transport.choose("auto"));
        try (NetLoops loops = new NetLoops(1)) {
            assertThat(loops.transport()).isEqualTo(Transport.choose("auto"));
        }
    }

    @Test
    void anOperatorNamesOneWhateverTheCaseAndAnythingElseIsRefusedByName() {
        assertThat(Transport.choose("NIO")).isEqualTo(Transport.NIO);
        assertThat(Transport.choose(" nio ")).isEqualTo(Transport.NIO);
        if (SHIPS_HERE) {
            assertThat(Transport.choose("Epoll")).isEqualTo(Transport.EPOLL);
        }
        assertThatThrownBy(() -> Transport.choose("kqueue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transport must be auto, nio or epoll, not kqueue");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachTransportAcceptsAConnectionOfItsOwnKindAndCarriesBytesBothWays(Transport transport) throws Exception {
        if (transport == Transport.EPOLL && !SHIPS_HERE) {
            return;
        }
        CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
        try (NetLoops loops = new NetLoops(1, ConnectionGate.unlimited(), transport);
             TcpService echo = new TcpService("echo", List.of(new InetSocketAddress("127.0.0.1", 0)), loops,
                     WriteBufferWaterMark.DEFAULT, ch -> {
                         accepted.complete(ch);
                         ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                             @Override
                             public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                 ctx.writeAndFlush(msg);
                             }
                         });
                     })) {
            echo.start();
            InetSocketAddress address = echo.boundAddresses().get(0);
            try (Socket client = new Socket(address.getAddress(), address.getPort())) {
                client.setSoTimeout(5000);
                OutputStream out = client.getOutputStream();
                out.write("ping".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] back = new byte[4];
                new DataInputStream(client.getInputStream()).readFully(back);
                assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("ping");
            }
            assertThat(accepted.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(transport == Transport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientOnSomeoneElsesLoopsOpensTheSocketThoseLoopsServeAndTalksOverIt(Transport transport) throws Exception {
        if (transport == Transport.EPOLL && !SHIPS_HERE) {
            return;
        }
        // a load generator's loops, made by whoever runs it: the client asks them what socket to open (a socket
        // of the other kind is refused when the loop registers it)
        EventLoopGroup clientLoops = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        try (NetLoops loops = new NetLoops(1, ConnectionGate.unlimited(), Transport.NIO);
             TcpService echo = new TcpService("echo", List.of(new InetSocketAddress("127.0.0.1", 0)), loops,
                     WriteBufferWaterMark.DEFAULT, ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                         @Override
                         public void channelRead(ChannelHandlerContext ctx, Object msg) {
                             ctx.writeAndFlush(msg);
                         }
                     }))) {
            echo.start();
            assertThat(Transport.of(clientLoops)).isEqualTo(transport);
            CompletableFuture<String> heard = new CompletableFuture<>();
            Channel client = new Bootstrap().group(clientLoops).channel(Transport.of(clientLoops).socketChannel())
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf in = (ByteBuf) msg;
                            heard.complete(in.toString(StandardCharsets.US_ASCII));
                            in.release();
                        }
                    })
                    .connect(echo.boundAddresses().get(0)).syncUninterruptibly().channel();
            assertThat(client).isInstanceOf(transport == Transport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class);
            client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
            assertThat(heard.get(5, TimeUnit.SECONDS)).isEqualTo("ping");
            client.close().syncUninterruptibly();
        } finally {
            clientLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTakenPortIsSaidToBeInUseOnEachTransportAndATakenFallbackIsLeftOutWithTheSystemsReason(Transport transport)
            throws Exception {
        if (transport == Transport.EPOLL && !SHIPS_HERE) {
            return;
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             NetLoops loops = new NetLoops(1, ConnectionGate.unlimited(), transport)) {
            InetSocketAddress takenAddress = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            try (TcpService required = new TcpService("mig33", List.of(takenAddress), loops, WriteBufferWaterMark.DEFAULT,
                    ch -> { })) {
                assertThatThrownBy(required::start).isInstanceOf(PortInUseException.class)
                        .hasMessage("mig33: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
            }
            try (TcpService fallback = new TcpService("mig33", List.of(new InetSocketAddress("127.0.0.1", 0), takenAddress),
                    1, loops, WriteBufferWaterMark.DEFAULT, ch -> { })) {
                fallback.start();
                assertThat(fallback.boundAddresses()).hasSize(1);
                assertThat(fallback.unbound()).containsExactly(new TcpService.Unbound(takenAddress, "Address already in use"));
            }
        }
    }
}
