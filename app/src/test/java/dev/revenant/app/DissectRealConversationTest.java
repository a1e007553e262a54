package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.app.dissect.PcapFile;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client logging in to the real server through a loopback relay that records both directions as
 * they pass, written out as a pcap: the dissector reads back the login exactly as the two sides spoke it.
 */
class DissectRealConversationTest {
    @TempDir Path dataDir;
    @TempDir Path captures;

    /** What passed through the relay, in the order it passed. */
    private record Chunk(long micros, boolean fromClient, byte[] bytes) {}

    /** Accepts one connection and relays it to the server, recording each read before passing it on. */
    private static final class RecordingRelay implements AutoCloseable {
        final ServerSocket listener;
        final List<Chunk> chunks = new ArrayList<>();
        final List<Thread> pumps = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile int clientPort;

        RecordingRelay(InetSocketAddress server) throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                try {
                    Socket client = listener.accept();
                    clientPort = client.getPort();
                    Socket upstream = new Socket(server.getAddress(), server.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pumps.add(pump(client, upstream, true));
                    pumps.add(pump(upstream, client, false));
                } catch (IOException e) {
                    // the test fails on the missing conversation
                }
            }, "relay-accept");
            acceptor.start();
            pumps.add(acceptor);
        }

        int port() {
            return listener.getLocalPort();
        }

        private Thread pump(Socket from, Socket to, boolean fromClient) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        Instant now = Instant.now();
                        synchronized (chunks) {
                            chunks.add(new Chunk(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000,
                                    fromClient, Arrays.copyOf(buf, n)));
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                    to.shutdownOutput(); // pass the end on, as a FIN would be
                } catch (IOException e) {
                    // one side went away: the other pump ends at its own end of stream
                }
            }, fromClient ? "relay-up" : "relay-down");
            t.start();
            return t;
        }

        /** Waits for both directions to end (the client closed and the server followed). */
        List<Chunk> awaitEnd() throws InterruptedException {
            for (int i = 0; i < pumps.size(); i++) {
                Thread t = pumps.get(i);
                t.join(10_000);
                assertThat(t.isAlive()).as("relay thread %s ended", t.getName()).isFalse();
            }
            synchronized (chunks) {
                return List.copyOf(chunks);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void aRealLoginReadsBackAsTheSpecNamesIt() throws Exception {
        RevenantConfig config = LocalConfig.of(dataDir, Map.of());
        List<Chunk> chunks;
        int clientPort;
        int serverPort;
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass",
                    "--data-dir", dataDir.toString(), "--set", "database.url=" + config.database().url())).isZero();
            InetSocketAddress address = server.mig33Addresses().get(0);
            serverPort = address.getPort();
            try (RecordingRelay relay = new RecordingRelay(address)) {
                Mig33Client alice = Mig33Client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port()));
                assertThat(alice.login("alice", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
                alice.close();
                chunks = relay.awaitEnd();
                clientPort = relay.clientPort;
            }
        }

        // the recording as a capture: the client's port to the server's real port
        PcapFile capture = new PcapFile();
        PcapFile.Connection c = capture.at(chunks.get(0).micros() - 1).connection("127.0.0.1", clientPort, "127.0.0.1", serverPort).open();
        for (Chunk chunk : chunks) {
            capture.at(chunk.micros());
            if (chunk.fromClient()) {
                c.client(chunk.bytes());
            } else {
                c.server(chunk.bytes());
            }
        }
        c.close();
        Path file = capture.write(captures.resolve("login.pcap"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Revenant.execute("dissect", file.toString(), "--port", String.valueOf(serverPort));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text + err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).startsWith("connection 1: client 127.0.0.1:" + clientPort + " <-> server 127.0.0.1:" + serverPort);
        List<String> packets = lines.stream().filter(l -> l.matches("  \\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*"))
                .map(l -> l.substring(18)).toList();
        assertThat(packets).noneMatch(l -> l.contains(" ! "));
        assertThat(packets.get(0)).startsWith("C->S LOGIN (200) txn=1 {").contains("5 Username=\"alice\"")
                .contains("3 ClientVersion=420").contains("1 ProtocolVersion=1").contains("7 UserAgent=\"J2MEv4.20.291\"");
        assertThat(packets.get(1)).startsWith("S->C LOGIN_CHALLENGE (201) txn=1 {").contains(" Challenge=\"")
                .contains(" SessionId=\"");
        assertThat(packets.get(2)).startsWith("C->S LOGIN_RESPONSE (202) txn=2 {1 PasswordHash=");
        assertThat(packets.get(3)).startsWith("S->C LOGIN_OK (203) txn=2 {").contains("2 MobileVerified=");
        assertThat(packets.get(packets.size() - 2)).isEqualTo("C->S FIN (closes its side)");
        // the client's bytes each way add up to what the relay passed
        long up = chunks.stream().filter(Chunk::fromClient).mapToLong(ch -> ch.bytes().length).sum();
        assertThat(lines.get(lines.size() - 1)).startsWith("  C->S " + up + " bytes, 2 packets; S->C ");
    }
}
