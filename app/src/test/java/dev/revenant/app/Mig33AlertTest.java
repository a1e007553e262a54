package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code revenant alert} through a running server's admin API, to everyone online and to one user. */
class Mig33AlertTest {
    @TempDir Path dataDir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    RevenantConfig config() {
        return LocalConfig.of(dataDir, Map.of());
    }

    int alert(int httpPort, String... args) {
        CommandLine cli = Revenant.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 5];
        all[0] = "alert";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        all[args.length + 3] = "--set";
        all[args.length + 4] = "http.port=" + httpPort;
        return cli.execute(all);
    }

    static void settle(Mig33Client c) {
        c.call(c.request(PacketType.PING).build());
    }

    @Test
    void alertReachesEveryoneOnlineOrOneUser() throws Exception {
        try (RevenantServer server = new RevenantServer(config())) {
            server.start();
            var address = server.mig33Addresses().get(0);
            try (Mig33Client reg = Mig33Client.connect(address)) {
                reg.register("alice", "S3cretPass", "60123");
                reg.register("bob", "S3cretPass", "60124");
            }
            try (Mig33Client alice = Mig33Client.connect(address); Mig33Client bob = Mig33Client.connect(address)) {
                alice.login("alice", "S3cretPass");
                bob.login("bob", "S3cretPass");

                assertThat(alert(server.httpPort(), "Restart at 20:00 UTC", "--title", "Notice")).isZero();
                assertThat(out.toString()).contains("alert sent to 2 sessions");
                for (Mig33Client c : new Mig33Client[] {alice, bob}) {
                    Packet a = c.awaitPush(PacketType.ALERT);
                    assertThat(a.string(2)).isEqualTo("Restart at 20:00 UTC");
                    assertThat(a.string(4)).isEqualTo("Notice");
                    assertThat(a.integer(1, 0)).isEqualTo(1);
                }

                assertThat(alert(server.httpPort(), "Just for you", "--user", "Bob")).isZero();
                assertThat(out.toString()).contains("alert sent to 1 session");
                assertThat(bob.awaitPush(PacketType.ALERT).string(2)).isEqualTo("Just for you");
                settle(alice);
                assertThat(alice.hasPush(PacketType.ALERT)).isFalse();

                // an offline user is no mistake; an unknown one is, and is said to be
                alice.close();
                assertThat(alert(server.httpPort(), "Nobody home", "--user", "alice")).isZero();
                assertThat(out.toString()).contains("alert sent to 0 sessions");
                assertThat(alert(server.httpPort(), "Anyone?", "--user", "nobody")).isEqualTo(1);
                assertThat(err.toString()).contains("revenant: the server refused the alert (404): no user nobody");
            }

            // the route wants the admin token and a text
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.httpPort() + "/mig33/alert");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            String token = Files.readString(dataDir.resolve("admin.token")).strip();
            HttpResponse<String> empty = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\" \"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(empty.statusCode()).isEqualTo(400);
        }
        // no server: the operator is told so
        assertThat(alert(1, "anyone?")).isNotZero();
    }
}
