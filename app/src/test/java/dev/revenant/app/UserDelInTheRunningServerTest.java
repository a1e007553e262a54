package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
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
 * Issue 15: {@code user del} of a user who is online, run by the server as {@code revenant} hands it over:
 * the session ends with the account (the client is told why), the user's next request is never taken
 * for a store outage, and {@code user list} there says who is online.
 */
class UserDelInTheRunningServerTest {
    @TempDir Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode command(RevenantServer server, String... args) throws Exception {
        String token = Files.readString(dataDir.resolve("admin.token")).strip();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/admin/commands"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(Map.of("args", args))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void deletingAnOnlineUserEndsTheirSession() throws Exception {
        RevenantConfig config = LocalConfig.of(dataDir, Map.of());
        try (CapturedLogs logs = new CapturedLogs(); RevenantServer server = new RevenantServer(config)) {
            server.start();
            var address = server.mig33Addresses().get(0);
            try (Mig33Client reg = Mig33Client.connect(address)) {
                reg.register("alice", "S3cretPass", "60123");
                reg.register("bob", "S3cretPass", "60124");
            }
            try (Mig33Client bob = Mig33Client.connect(address)) {
                assertThat(bob.login("bob", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);

                JsonNode listed = command(server, "user", "list", "--json");
                JsonNode users = new ObjectMapper().readTree(listed.get("out").asText());
                assertThat(users).extracting(u -> u.get("username").asText() + "=" + u.get("online").asBoolean())
                        .containsExactly("alice=false", "bob=true");

                JsonNode deleted = command(server, "user", "del", "bob");
                assertThat(deleted.get("exitCode").asInt()).as(deleted.toString()).isZero();
                assertThat(deleted.get("out").asText()).contains("user bob deleted; their session was ended");
                assertThat(bob.awaitPush(PacketType.SESSION_TERMINATED).string(1)).isEqualTo(Mig33Admin.DELETED_REASON);
                assertThat(bob.awaitClosed(Duration.ofSeconds(10))).isTrue();
            }
            try (Mig33Client again = Mig33Client.connect(address)) {
                assertThatThrownBy(() -> again.login("bob", "S3cretPass")).as("the account is gone")
                        .hasMessageContaining("do not match");
            }
            assertThat(logs.events()).as("no store outage, no error")
                    .noneSatisfy(e -> assertThat(e.getLevel().isGreaterOrEqual(Level.WARN)).isTrue());
            assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage)
                    .noneSatisfy(m -> assertThat(m).containsIgnoringCase("integrity"));
        }
    }

    @Test
    void banningAnOnlineUserInTheServerEndsTheirSession() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            var address = server.mig33Addresses().get(0);
            try (Mig33Client dave = registeredAndOnline(address, "dave", "60126")) {
                JsonNode banned = command(server, "user", "ban", "dave", "--reason", "spam", "--for", "1h");
                assertThat(banned.get("exitCode").asInt()).as(banned.toString()).isZero();
                assertThat(banned.get("out").asText()).contains("; their session was ended");
                assertThat(dave.awaitPush(PacketType.SESSION_TERMINATED).string(1)).isEqualTo("Your account is suspended");
            }
        }
    }

    @Test
    void withAStoreEveryProcessReachesTheCommandStillAsksTheServerToEndTheSession() throws Exception {
        // a store the command opens itself (PostgreSQL; in one JVM an H2 file is shared as well)
        String url = dev.revenant.core.testing.TestStores.fresh().url();
        if (url.isEmpty()) {
            url = "jdbc:h2:" + dataDir.resolve("shared-store").toAbsolutePath();
        }
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("database.url", url));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            var address = server.mig33Addresses().get(0);
            try (Mig33Client carol = registeredAndOnline(address, "carol", "60125")) {
                java.io.StringWriter out = new java.io.StringWriter();
                java.io.StringWriter err = new java.io.StringWriter();
                picocli.CommandLine cli = Revenant.commandLine();
                cli.setOut(new java.io.PrintWriter(out, true));
                cli.setErr(new java.io.PrintWriter(err, true));
                int exit = cli.execute("user", "del", "carol", "--data-dir", dataDir.toString(), "--set", "database.url=" + url);
                assertThat(exit).as(err.toString()).isZero();
                assertThat(err.toString()).contains("the command runs there");
                assertThat(out.toString()).contains("user carol deleted; their session was ended");
                assertThat(carol.awaitPush(PacketType.SESSION_TERMINATED).string(1)).isEqualTo(Mig33Admin.DELETED_REASON);
            }
        }
    }

    /** A new account, logged in on a connection of its own. */
    private static Mig33Client registeredAndOnline(java.net.InetSocketAddress address, String user, String mobile) {
        try (Mig33Client reg = Mig33Client.connect(address)) {
            reg.register(user, "S3cretPass", mobile);
        }
        Mig33Client online = Mig33Client.connect(address);
        online.login(user, "S3cretPass");
        return online;
    }
}
