package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
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
 * after a restart every message that had been acknowledged (OK) is delivered, and so is every other
 * acknowledged change: a contact group, a chat room, an uploaded picture.
 */
class KillNineTest {
    @TempDir Path dataDir;

    /** A running server process and the ports it bound (port 0: no race with other processes for a port). */
    private record Running(Process process, InetSocketAddress mig33, int httpPort) {}

    private static final java.util.regex.Pattern STARTED =
            java.util.regex.Pattern.compile("mig33=\\[/127\\.0\\.0\\.1:(\\d+)\\].*http=127\\.0\\.0\\.1:(\\d+)");

    /** Starts the server in its own JVM and waits for its "started" log line. */
    private Running serve() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Dlogback.configurationFile=logback.xml", Revenant.class.getName(), "serve", "--data-dir", dataDir.toString(),
                "--mig33-port", "0", "--http-port", "0", "--set", "pangya.enabled=false",
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
                java.util.regex.Matcher m = STARTED.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                return new Running(p, new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))),
                        Integer.parseInt(m.group(2)));
            }
        }
        throw new AssertionError("the server did not start:\n" + seen);
    }

    private static byte[] png() throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF8800);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKilledServer() throws Exception {
        assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass", "--data-dir", dataDir.toString()))
                .isZero();
        assertThat(Revenant.execute("user", "add", "bob", "--password", "S3cretPass", "--data-dir", dataDir.toString()))
                .isZero();
        Running first = serve();
        Process server = first.process();
        Set<String> acknowledged = new HashSet<>();
        byte[] picture = png();
        String pictureUrl;
        try {
            Mig33Client alice = Mig33Client.connect(first.mig33());
            alice.login("alice", "S3cretPass");
            // other acknowledged changes, each answered before the burst
            assertThat(alice.call(alice.request(PacketType.ADD_GROUP).string(2, "Survivors").build()).type())
                    .isNotEqualTo(PacketType.ERROR);
            alice.createChatRoom("Bunker", "still here after a crash", "", true);
            Packet uploaded = alice.uploadPicture(picture, "proof", true);
            assertThat(uploaded.type()).isEqualTo(PacketType.OK);
            pictureUrl = uploaded.string(1);
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

        Running second = serve();
        Process again = second.process();
        try {
            Mig33Client bob = Mig33Client.connect(second.mig33());
            bob.login("bob", "S3cretPass");
            bob.contacts();
            // the PING's answer comes after the replay of every stored message: on PostgreSQL on a busy 2-core
            // CI machine that once took longer than the client's 10 s
            bob.timeout(java.time.Duration.ofSeconds(60)).call(bob.request(PacketType.PING).build());
            Set<String> delivered = new HashSet<>();
            while (bob.hasPush(PacketType.MESSAGE)) {
                delivered.add(bob.awaitPush(PacketType.MESSAGE).string(15));
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);
            assertThat(delivered).containsAll(acknowledged);
            bob.close();

            Mig33Client alice = Mig33Client.connect(second.mig33());
            alice.login("alice", "S3cretPass");
            assertThat(alice.contacts()).filteredOn(p -> p.type() == PacketType.GROUP).extracting(p -> p.string(2))
                    .contains("Survivors");
            assertThat(alice.chatRooms("Bunker", 1)).filteredOn(p -> p.type() == PacketType.CHATROOM)
                    .extracting(p -> p.string(1)).containsExactly("Bunker");
            String token = pictureUrl.substring(pictureUrl.lastIndexOf('/') + 1);
            var http = java.net.http.HttpClient.newHttpClient();
            var got = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + second.httpPort() + "/files/" + token)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(picture);
            alice.close();
        } finally {
            again.destroy();
            again.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
