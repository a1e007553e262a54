package dev.revenant.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Connection limits over real TCP: the connection over a limit is closed, the others keep working. */
class ConnectionGateTest {
    /** A greeting the server writes to every admitted connection, so a client can tell admitted from closed. */
    private static TcpService greeter(NetLoops loops) {
        TcpService tcp = new TcpService("test", List.of(new InetSocketAddress("127.0.0.1", 0)), loops,
                WriteBufferWaterMark.DEFAULT, ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('!'));
                    }
                }));
        tcp.start();
        return tcp;
    }

    /** True when the server greeted; false when it closed the connection first. */
    private static boolean admitted(Socket s) throws IOException {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        try {
            return in.read() == '!';
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither greeted nor closed", e);
        }
    }

    @Test
    void perAddressAndTotalLimits() throws Exception {
        var meters = new SimpleMeterRegistry();
        try (NetLoops loops = new NetLoops(1, new ConnectionGate(new ConnectionLimits(2, 3, 0), meters, System::currentTimeMillis))) {
            TcpService tcp = greeter(loops);
            InetSocketAddress at = tcp.boundAddresses().get(0);
            List<Socket> sockets = new ArrayList<>();
            try {
                Socket a = new Socket(at.getAddress(), at.getPort());
                Socket b = new Socket(at.getAddress(), at.getPort());
                Socket c = new Socket(at.getAddress(), at.getPort());
                sockets.addAll(List.of(a, b, c));
                assertThat(admitted(a)).isTrue();
                assertThat(admitted(b)).isTrue();
                assertThat(admitted(c)).as("third from one address").isFalse();
                a.close();
                // once one goes, there is room again (the close is seen asynchronously: retry until admitted)
                boolean again = false;
                for (int i = 0; i < 50 && !again; i++) {
                    Socket d = new Socket(at.getAddress(), at.getPort());
                    sockets.add(d);
                    again = admitted(d);
                }
                assertThat(again).isTrue();
                // another loopback address has its own allowance, but the total caps both
                Socket e = new Socket(at.getAddress(), at.getPort(), java.net.InetAddress.getByName("127.0.0.2"), 0);
                Socket f = new Socket(at.getAddress(), at.getPort(), java.net.InetAddress.getByName("127.0.0.2"), 0);
                sockets.addAll(List.of(e, f));
                assertThat(admitted(e)).isTrue();
                assertThat(admitted(f)).as("over the total").isFalse();
                assertThat(meters.counter("revenant.connections.refused", "reason", "per_address").count()).isGreaterThanOrEqualTo(1);
                assertThat(meters.counter("revenant.connections.refused", "reason", "total").count()).isEqualTo(1);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
                tcp.close();
            }
        }
    }

    @Test
    void newConnectionsPerSecond() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        try (NetLoops loops = new NetLoops(1, new ConnectionGate(new ConnectionLimits(0, 0, 2), new SimpleMeterRegistry(), now::get))) {
            TcpService tcp = greeter(loops);
            InetSocketAddress at = tcp.boundAddresses().get(0);
            try (Socket a = new Socket(at.getAddress(), at.getPort());
                 Socket b = new Socket(at.getAddress(), at.getPort());
                 Socket c = new Socket(at.getAddress(), at.getPort())) {
                assertThat(admitted(a)).isTrue();
                assertThat(admitted(b)).isTrue();
                assertThat(admitted(c)).isFalse();
                now.addAndGet(1000);
                try (Socket d = new Socket(at.getAddress(), at.getPort())) {
                    assertThat(admitted(d)).as("a new second").isTrue();
                }
            } finally {
                tcp.close();
            }
        }
    }
}
