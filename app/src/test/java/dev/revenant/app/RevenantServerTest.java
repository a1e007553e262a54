package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.Database;
import dev.revenant.core.testing.SharedData;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.store.AccountAdmin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server as {@code revenant serve} runs it: both protocols, the HTTP listener, the admin commands. */
class RevenantServerTest {
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();

    RevenantConfig config(Path keys) {
        return config(keys, Map.of());
    }

    RevenantConfig config(Path keys, Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(Map.of("pangya.enabled", "true", "pangya.host", "127.0.0.1",
                "pangya.port", "0", "pangya.keys", keys.toString(), "pangya.passwordHashCost", "4"));
        flags.putAll(more);
        return LocalConfig.of(dataDir, flags);
    }

    HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET over a connection from another loopback address (Linux routes all of 127.0.0.0/8 to loopback). */
    static String getFrom(String localAddress, int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(localAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    interface Exchange {
        String run() throws IOException;
    }

    /** What a connection the server closes at once gets: nothing, or a reset. */
    static String refusedOrEmpty(Exchange exchange) throws IOException {
        try {
            return exchange.run();
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    @Test
    void bothProtocolsHealthMetricsAndTheSessionKeyCheck() throws Exception {
        Path keys = SharedData.require("data/pangya/keys.bin");
        RevenantConfig config = config(keys);
        CapturedLogs logs = new CapturedLogs();
        String loginKey;
        String sessionKey;
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            try (Database db = Database.open(config.database(), config.dataDir())) {
                new AccountAdmin(db, 4).add("tiger", "birdie1");
            }
            assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass",
                    "--data-dir", dataDir.toString(), "--set", "database.url=" + config.database().url())).isZero();

            Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0));
            assertThat(alice.login("alice", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);

            HttpResponse<String> health = get(server.httpPort(), "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"sessions\":1");
            assertThat(get(server.httpPort(), "/metrics", null).body()).contains("revenant_mig33_logins_total 1.0");

            PangyaClient tiger = PangyaClient.connect(server.pangyaAddress().orElseThrow(), Profile.TH829,
                    KeyTables.load(keys), Duration.ofSeconds(10));
            tiger.login("tiger", "birdie1");
            assertThat(tiger.receive()).isInstanceOf(ServerPacket.NeedNickname.class);
            tiger.send(new ClientPacket.SetNickname("Tigress"));
            assertThat(tiger.receive()).isInstanceOf(ServerPacket.NeedCharacter.class);
            tiger.send(new ClientPacket.SelectCharacter(0x04000002L, 1));
            tiger.receive(ServerPacket.CharacterSelected.class);
            tiger.receive(ServerPacket.LoginSuccess.class);
            loginKey = tiger.receive(ServerPacket.LoginKey.class).key();
            tiger.receive(ServerPacket.ChatMacros.class);
            tiger.receive(ServerPacket.MessageServerList.class);
            long serverId = tiger.receive(ServerPacket.GameServerList.class).servers().get(0).id();
            tiger.send(new ClientPacket.SelectServer(serverId));
            sessionKey = tiger.receive(ServerPacket.SessionKey.class).key();

            String token = Files.readString(config.adminTokenPath()).trim();
            assertThat(get(server.httpPort(), "/pangya/session-keys/" + sessionKey, null).statusCode()).isEqualTo(401);
            HttpResponse<String> check = get(server.httpPort(), "/pangya/session-keys/" + sessionKey, token);
            assertThat(check.statusCode()).isEqualTo(200);
            assertThat(check.body()).contains("\"username\":\"tiger\"").contains("\"nickname\":\"Tigress\"")
                    .contains("\"serverId\":" + serverId);
            assertThat(get(server.httpPort(), "/pangya/session-keys/NOPE123", token).statusCode()).isEqualTo(404);
            tiger.close();
            // the game server reports the player gone: once, with the token
            HttpRequest.Builder gone = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                    + "/pangya/session-keys/" + sessionKey)).DELETE();
            assertThat(http.send(gone.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            gone.header("Authorization", "Bearer " + token);
            HttpResponse<String> closed = http.send(gone.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(closed.statusCode()).isEqualTo(200);
            assertThat(closed.body()).contains("\"closed\":true");
            assertThat(http.send(gone.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(get(server.httpPort(), "/pangya/session-keys/" + sessionKey, token).statusCode()).isEqualTo(404);

            server.stop();
            assertThat(alice.awaitPush(PacketType.SESSION_TERMINATED).string(1)).contains("shutting down");
            assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isTrue();
        } finally {
            logs.close();
        }
        // no password, key or token in any log line, even at debug level
        String token = Files.readString(config.adminTokenPath()).trim();
        assertThat(logs.events()).isNotEmpty();
        for (var event : logs.events()) {
            String line = event.getFormattedMessage();
            assertThat(line).doesNotContain("S3cretPass", "birdie1", loginKey, sessionKey, token);
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config.adminTokenPath())))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.dataDir().resolve("secret.key")))).isEqualTo("rw-------");
    }

    @Test
    void aNewDataDirectoryIsTheOwnersOnly() throws Exception {
        Path fresh = dataDir.resolve("new");
        RevenantConfig config = RevenantConfig.load(Optional.empty(), Map.of(), Map.of("dataDir", fresh.toString(),
                "mig33.enabled", "false", "pangya.enabled", "false", "http.port", "0")).value();
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rwx------");
    }

    @Test
    void withoutKeyTablesAtTheDefaultPlacePangyaIsDisabledAndHealthIsUp() throws Exception {
        // a fresh install: PangYa on by default, no key tables (they cannot ship), nothing configured
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("pangya.enabled", "true", "pangya.host", "127.0.0.1",
                "pangya.port", "0"));
        try (CapturedLogs logs = new CapturedLogs(); RevenantServer server = new RevenantServer(config)) {
            server.start();
            assertThat(server.pangyaAddress()).isEmpty();
            HttpResponse<String> health = get(server.httpPort(), "/health", null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("up");
            assertThat(body.at("/checks/pangya/status").asText()).isEqualTo("disabled");
            assertThat(body.at("/checks/pangya/reason").asText()).contains("no key tables at")
                    .contains(dataDir.resolve("pangya").resolve("keys.bin").toString());
            // said once, with how to enable it, and not as an error
            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("event=pangya_disabled"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
                        assertThat(e.getFormattedMessage()).contains("--pangya-keys").contains("docs/PANGYA.md");
                    });
            assertThat(logs.events()).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR));
        }
        // switched off on purpose: disabled too, with that reason
        RevenantConfig off = LocalConfig.of(dataDir, Map.of("pangya.enabled", "false"));
        try (RevenantServer server = new RevenantServer(off)) {
            server.start();
            HttpResponse<String> health = get(server.httpPort(), "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(health.body()).at("/checks/pangya/reason").asText())
                    .contains("pangya.enabled is false");
        }
    }

    @Test
    void configuredKeyTablesThatAreMissingLeavePangyaDegradedAndMig33Serves() throws Exception {
        RevenantConfig config = config(dataDir.resolve("missing-keys.bin"));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            assertThat(server.pangyaAddress()).isEmpty();
            assertThat(server.mig33Addresses()).hasSize(1);
            HttpResponse<String> health = get(server.httpPort(), "/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("--pangya-keys");
            Mig33Client c = Mig33Client.connect(server.mig33Addresses().get(0));
            assertThat(c.call(c.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            c.close();
        }
    }

    @Test
    void anInvalidOptionIsReportedByName() {
        assertThat(Revenant.execute("serve", "--data-dir", dataDir.toString(), "--set", "mig33.idleTimeout=soon"))
                .isEqualTo(2);
        assertThat(Revenant.execute("serve", "--data-dir", dataDir.toString(), "--http-port", "70000"))
                .isEqualTo(2);
    }

    @Test
    void connectionLimitsApplyToTheProtocols() throws Exception {
        RevenantConfig config = config(dataDir.resolve("missing-keys.bin"), Map.of("limits.perAddress", "1"));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            Mig33Client first = Mig33Client.connect(server.mig33Addresses().get(0));
            assertThat(first.call(first.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            Mig33Client second = Mig33Client.connect(server.mig33Addresses().get(0));
            assertThat(second.awaitClosed(Duration.ofSeconds(5))).as("over limits.perAddress").isTrue();
            assertThat(first.call(first.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            // HTTP shares the limits: 127.0.0.1's one connection is taken, so /metrics is read from 127.0.0.2
            assertThat(refusedOrEmpty(() -> getFrom("127.0.0.1", server.httpPort(), "/health"))).isEmpty();
            assertThat(getFrom("127.0.0.2", server.httpPort(), "/metrics"))
                    .contains("revenant_connections_refused_total{reason=\"per_address\"} 2.0");
            first.close();
        }
    }
}
