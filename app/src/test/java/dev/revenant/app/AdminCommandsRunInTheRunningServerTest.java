package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.store.AccountStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12, hardening item 1: with the embedded database listening on no port, only the server's process
 * opens it; admin commands typed meanwhile (each in a JVM of its own, as an operator runs them) still work:
 * they hand their command line to the running server's admin API, which runs it against its own store.
 * A second {@code serve} on the same data directory is told so at once. Passwords never reach a log.
 */
class AdminCommandsRunInTheRunningServerTest {
    private static final String MIG33_PASSWORD = "Fwd3dS3cret";
    private static final String PANGYA_PASSWORD = "Typed4tPrompt";

    @TempDir Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private RevenantProcess.Result revenant(String stdin, String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        all[args.length + 2] = "--set";
        all[args.length + 3] = "database.url=";
        return RevenantProcess.run(stdin, all);
    }

    private HttpResponse<String> post(int port, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/commands"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void commandsTypedWhileTheServerRunsAreRunByTheServer() throws Exception {
        // the embedded store even under the PostgreSQL profile: it is the one a single process holds
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("database.url", ""));
        try (CapturedLogs logs = new CapturedLogs(); RevenantServer server = new RevenantServer(config)) {
            server.start();
            assertThat(Files.readString(dataDir.resolve("admin.url")).strip())
                    .isEqualTo("http://127.0.0.1:" + server.httpPort() + "/");

            RevenantProcess.Result added = revenant(null, "user", "add", "alice", "--password", MIG33_PASSWORD);
            assertThat(added.exitCode()).as(added.all()).isZero();
            assertThat(added.out()).contains("user alice added");
            assertThat(added.err()).contains("a server is running on").contains("the command runs there");
            // the server's own store has her: she logs in with that password
            try (Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0))) {
                assertThat(alice.login("alice", MIG33_PASSWORD).type()).isEqualTo(PacketType.LOGIN_OK);
            }

            // a password asked for at the prompt travels with the command (the server cannot ask anyone)
            RevenantProcess.Result tiger = revenant(PANGYA_PASSWORD + "\n", "pangya", "account", "add", "tiger", "--password");
            assertThat(tiger.exitCode()).as(tiger.all()).isZero();
            assertThat(tiger.out()).contains("account tiger added");
            try (Database db = Database.open(DatabaseConfig.embedded(), dataDir)) {
                assertThat(new AccountStore(db, 4).verify("tiger", PasswordForm.md5Hex(PANGYA_PASSWORD))).isPresent();
            }

            // a refusal comes back as the command's own: its message and exit code
            RevenantProcess.Result refused = revenant(null, "room", "add", "Den", "--owner", "nobody");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("no user nobody");

            // a second server on the same data directory stops at once and says why
            RevenantProcess.Result second = revenant(null, "serve", "--mig33-port", "0", "--http-port", "0",
                    "--set", "pangya.enabled=false", "--set", "mig33.host=127.0.0.1");
            assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
            assertThat(second.err()).contains("another revenant serve is running on " + dataDir.toAbsolutePath().normalize());

            // the route: admin token, store commands only, and never a prompt in the server
            String token = Files.readString(dataDir.resolve("admin.token")).strip();
            assertThat(post(server.httpPort(), null, "{\"args\":[\"user\",\"list\"]}").statusCode()).isEqualTo(401);
            assertThat(post(server.httpPort(), token, "{\"args\":[\"serve\"]}").statusCode()).isEqualTo(400);
            assertThat(post(server.httpPort(), token, "{\"args\":[\"config\"]}").statusCode()).isEqualTo(400);
            HttpResponse<String> list = post(server.httpPort(), token, "{\"args\":[\"user\",\"list\"]}");
            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode listed = json.readTree(list.body());
            assertThat(listed.get("exitCode").asInt()).isZero();
            assertThat(listed.get("out").asText()).startsWith("USERNAME").containsPattern("alice\\s+-\\s+-\\s+no");
            JsonNode noPrompt = json.readTree(post(server.httpPort(), token,
                    "{\"args\":[\"pangya\",\"account\",\"add\",\"eagle\",\"--password\"]}").body());
            assertThat(noPrompt.get("exitCode").asInt()).isEqualTo(2);
            assertThat(noPrompt.get("err").asText()).contains("Missing required parameter for option '--password'");

            assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("event=admin_command command=\"user add\" exit_code=0"))
                    .anySatisfy(m -> assertThat(m).contains("event=admin_command command=\"pangya account add\" exit_code=0"))
                    .noneSatisfy(m -> assertThat(m).contains(MIG33_PASSWORD))
                    .noneSatisfy(m -> assertThat(m).contains(PANGYA_PASSWORD));
            assertThat(added.all() + tiger.all() + refused.all()).doesNotContain(MIG33_PASSWORD).doesNotContain(PANGYA_PASSWORD);
            // finding the database held is routine, not an error for H2's trace file
            Path trace = dataDir.resolve("revenant.trace.db");
            if (Files.exists(trace)) {
                assertThat(Files.readString(trace)).doesNotContain("The file is locked");
            }
        }
        assertThat(dataDir.resolve("admin.url")).as("removed when the server stops").doesNotExist();
        // with no server, the same command opens the store itself
        RevenantProcess.Result direct = revenant(null, "user", "list");
        assertThat(direct.exitCode()).as(direct.all()).isZero();
        assertThat(direct.out()).contains("alice");
        assertThat(direct.err()).doesNotContain("a server is running");
    }
}
