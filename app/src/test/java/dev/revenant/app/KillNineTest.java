package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code revenant serve} process, killed with SIGKILL in the middle of a burst of offline messages:
 * after a restart every message that had been acknowledged (OK) is delivered.
 */
class KillNineTest {
    @TempDir Path dataDir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server in its own JVM and waits for its "started" log line. */
    private Process serve(int mig33Port) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Dlogback.configurationFile=logback.xml", Revenant.class.getName(), "serve", "--data-dir", dataDir.toString(),
                "--mig33-port", Integer.toString(mig33Port), "--http-port", "0", "--set", "pangya.enabled=false",
                "--set", "mig33.host=127.0.0.1",
                "--set", "mig33.requestsPerSecond=0", "--set", "mig33.messagesPerMinute=0");
        pb.redirectErrorStream(true);
        pb.environment().put("REVENANT_LOG_LEVEL", "INFO");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("event=started")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("the server did not start:\n" + seen);
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKilledServer() throws Exception {
        assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass", "--data-dir", dataDir.toString()))
                .isZero();
        assertThat(Revenant.execute("user", "add", "bob", "--password", "S3cretPass", "--data-dir", dataDir.toString()))
                .isZero();
        int port = freePort();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        Process server = serve(port);
        Set<String> acknowledged = new HashSet<>();
        try {
            Mig33Client alice = Mig33Client.connect(at);
            alice.login("alice", "S3cretPass");
            // a burst without waiting for each answer, then the kill while answers are still coming
            List<Packet> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Packet m = alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob").int16(6, 1)
                        .string(8, "burst " + i).build();
                alice.send(m);
                sent.add(m);
            }
            for (int i = 0; i < 50; i++) {
                Packet ok = alice.await(p -> p.type() == PacketType.OK, "an OK");
                acknowledged.add(ok.string(1));
            }
            server.destroyForcibly(); // SIGKILL
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            // answers that reached us before the kill count too
            while (true) {
                try {
                    acknowledged.add(alice.timeout(java.time.Duration.ofMillis(200))
                            .await(p -> p.type() == PacketType.OK, "an OK").string(1));
                } catch (IllegalStateException noMore) {
                    break;
                }
            }
            alice.close();
        } finally {
            server.destroyForcibly();
        }

        Process again = serve(port);
        try {
            Mig33Client bob = Mig33Client.connect(at);
            bob.login("bob", "S3cretPass");
            bob.contacts();
            bob.call(bob.request(PacketType.PING).build());
            Set<String> delivered = new HashSet<>();
            while (bob.hasPush(PacketType.MESSAGE)) {
                delivered.add(bob.awaitPush(PacketType.MESSAGE).string(15));
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);
            assertThat(delivered).containsAll(acknowledged);
            bob.close();
        } finally {
            again.destroy();
            again.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
