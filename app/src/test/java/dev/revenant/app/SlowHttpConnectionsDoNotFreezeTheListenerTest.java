package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.http.RawHttp;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 3 of the hardening issue: "the HTTP listener freezes with four slow connections". Connections that
 * send nothing, half a request head or half a body take no thread: {@code /health} and a picture download
 * answer while hundreds of them are open. The slow connections come from many loopback addresses
 * (127.0.1.1, 127.0.1.2, …; Linux routes all of 127.0.0.0/8 to the loopback interface), so the shared
 * per-address limit does not hide what the listener itself does; {@link #thePerAddressConnectionLimitAppliesToHttp}
 * shows that limit on its own.
 */
class SlowHttpConnectionsDoNotFreezeTheListenerTest {
    /** Generous: on a listener that freezes the answer never comes while the slow connections are open. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final int SLOW_CONNECTIONS = 300;

    @TempDir Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A connection to the listener from the loopback address {@code 127.0.<a>.<b>}. */
    private static Socket connectFrom(int a, int b, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, (byte) a, (byte) b}), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) ANSWER_WITHIN.toMillis());
        socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
        return socket;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the test is over
            }
        }
    }

    /** The first line of an answer on a connection that stays open. */
    private static String statusLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    @Test
    void hundredsOfSlowOrIdleConnectionsDoNotDelayHealthOrAFileDownload() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            byte[] png = PicturesOverHttpTest.image("png", 16);
            String url;
            try (Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0))) {
                alice.register("alice", "S3cretPass", "60123456789");
                alice.login("alice", "S3cretPass");
                Packet uploaded = alice.uploadPicture(png, "album", false);
                assertThat(uploaded.type()).isEqualTo(PacketType.OK);
                url = uploaded.string(1).replace("/view/", "/files/"); // the OK names the page; this is the file
            }
            int port = server.httpPort();
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                    Socket s;
                    try {
                        s = connectFrom(1 + i / 200, 1 + i % 200, port);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("the listener stopped accepting connections after " + i
                                + " slow ones", e);
                    }
                    slow.add(s);
                    switch (i % 3) {
                        case 0 -> { } // connected, sends nothing
                        case 1 -> s.getOutputStream().write(
                                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                        default -> s.getOutputStream().write(("POST /mig33/alert HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"te")
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    s.getOutputStream().flush();
                }

                HttpResponse<byte[]> health;
                HttpResponse<byte[]> picture;
                try {
                    health = get("http://127.0.0.1:" + port + "/health");
                    picture = get(url);
                } catch (HttpTimeoutException e) {
                    throw new AssertionError("no answer within " + ANSWER_WITHIN + " while " + SLOW_CONNECTIONS
                            + " slow connections were open", e);
                }

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("\"status\":\"up\"");
                assertThat(picture.statusCode()).isEqualTo(200);
                assertThat(picture.body()).isEqualTo(png);
                assertThat(picture.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            } finally {
                closeAll(slow);
            }
        }
    }

    @Test
    void aHeaderThatNeverCompletesIsClosedAfterTheHeaderTimeout() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("http.headerTimeout", "1s")))) {
            server.start();
            try (Socket silent = connectFrom(0, 1, server.httpPort());
                 Socket partial = connectFrom(0, 1, server.httpPort())) {
                partial.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));

                String partialGot;
                String silentGot;
                try {
                    partialGot = RawHttp.readToClose(partial);
                    silentGot = RawHttp.readToClose(silent);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the listener kept a connection whose head never completed open for "
                            + ANSWER_WITHIN + " (http.headerTimeout is 1s)", e);
                }

                assertThat(partialGot).as("a request begun and never finished is told why").startsWith("HTTP/1.1 408");
                assertThat(silentGot).as("a connection that sent nothing is closed without a word").isEmpty();
            }
            assertThat(get("http://127.0.0.1:" + server.httpPort() + "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void thePerAddressConnectionLimitAppliesToHttp() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("limits.perAddress", "8")))) {
            server.start();
            int port = server.httpPort();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = connectFrom(3, 1, port);
                    held.add(s);
                    // answered, so admitted: the next one is counted after this one (the server's event loops
                    // admit connections in parallel, so without this the ninth could overtake the eighth)
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(statusLine(s)).startsWith("HTTP/1.1 200");
                }
                // the ninth from the same address is closed at once, before anything reads its request
                String refused;
                try (Socket ninth = connectFrom(3, 1, port)) {
                    ninth.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    try {
                        refused = RawHttp.readToClose(ninth);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("the ninth connection from one address was neither answered nor closed", e);
                    }
                }
                assertThat(refused).as("the connection over the per-address limit gets no answer").isEmpty();

                // another address is not affected by the first one's connections
                assertThat(get("http://127.0.0.1:" + port + "/health").statusCode()).isEqualTo(200);
            } finally {
                closeAll(held);
            }
        }
    }
}
