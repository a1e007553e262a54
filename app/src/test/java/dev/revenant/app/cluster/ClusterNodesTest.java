package dev.revenant.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.TestStores;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole servers, as an operator starts them: one community on the test Redis and one PostgreSQL, each
 * node with its own data directory and ports. A user on one node talks to a user on the other; a login on one
 * ends the user's session on the other; a node that stops leaves the directory at once.
 */
class ClusterNodesTest {
    @TempDir Path one;
    @TempDir Path two;
    private ClusterConfig cluster;

    @AfterEach
    void dropKeys() {
        if (cluster != null) {
            TestRedis.drop(cluster.name());
        }
    }

    /**
     * A node of the test's community. Its heartbeat does not come round during a test, so that what is seen
     * is the immediate path (a takeover's end message, a stopping node's goodbye), not the heartbeat's repair.
     */
    private RevenantConfig node(Path dataDir, DatabaseConfig store) {
        return LocalConfig.of(dataDir, Map.of("database.url", store.url(), "cluster.redis", cluster.redis(),
                "cluster.name", cluster.name(), "cluster.heartbeat", "1h", "cluster.sessionTtl", "2h"));
    }

    private static JsonNode health(RevenantServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    private JsonNode admin(RevenantServer server, String method, String path, String body) throws Exception {
        Path dataDir = serverDirs.get(server);
        String token = Files.readString(dataDir.resolve("admin.token")).strip();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private final Map<RevenantServer, Path> serverDirs = new java.util.IdentityHashMap<>();

    @Test
    void usersOnTwoNodesTalkAndALoginOnOneEndsTheSessionOnTheOther() throws Exception {
        cluster = TestRedis.fresh();
        DatabaseConfig store = TestStores.sharedFresh();
        try (RevenantServer a = new RevenantServer(node(one, store)); RevenantServer b = new RevenantServer(node(two, store))) {
            serverDirs.put(a, one);
            serverDirs.put(b, two);
            a.start();
            // the key that seals mig33 passwords in the shared store goes to every node, as docs/CLUSTER.md says
            Files.copy(one.resolve("secret.key"), two.resolve("secret.key"));
            b.start();
            assertThat(health(a).at("/checks/redis/status").asText()).isEqualTo("up");
            assertThat(health(b).at("/checks/redis/node").asText()).isNotEqualTo(health(a).at("/checks/redis/node").asText());
            try (Mig33Client reg = Mig33Client.connect(a.mig33Addresses().get(0))) {
                reg.register("alice", "S3cretPass", "60123");
                reg.register("bob", "S3cretPass", "60124");
            }
            try (Mig33Client alice = Mig33Client.connect(a.mig33Addresses().get(0));
                 Mig33Client bob = Mig33Client.connect(b.mig33Addresses().get(0))) {
                alice.login("alice", "S3cretPass");
                bob.login("bob", "S3cretPass");

                assertThat(alice.sendMessage("bob", "hello from node one").type()).isEqualTo(PacketType.OK);
                assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("hello from node one");
                assertThat(bob.sendMessage("alice", "hello from node two").type()).isEqualTo(PacketType.OK);
                assertThat(alice.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("hello from node two");

                // the operator, on either node, sees both users with their nodes, and reaches everyone
                JsonNode sessions = admin(b, "GET", "/admin/api/sessions", null).get("sessions");
                assertThat(sessions).extracting(row -> row.get("user").asText() + "@" + row.get("node").asText())
                        .containsExactlyInAnyOrder("alice@" + health(a).at("/checks/redis/node").asText(),
                                "bob@" + health(b).at("/checks/redis/node").asText());
                assertThat(admin(a, "POST", "/mig33/alert", "{\"text\":\"Restart at 20:00\"}").get("delivered").asInt())
                        .isEqualTo(2);
                assertThat(alice.awaitPush(PacketType.ALERT).string(2)).isEqualTo("Restart at 20:00");
                assertThat(bob.awaitPush(PacketType.ALERT).string(2)).isEqualTo("Restart at 20:00");

                // alice logs in again, on node two: her session on node one is ended, as on one server
                try (Mig33Client again = Mig33Client.connect(b.mig33Addresses().get(0))) {
                    again.login("alice", "S3cretPass");
                    assertThat(alice.awaitPush(PacketType.SESSION_TERMINATED).string(1))
                            .isEqualTo("You have logged in from another location");
                    assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isTrue();
                    assertThat(bob.sendMessage("alice", "still there?").type()).isEqualTo(PacketType.OK);
                    assertThat(again.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("still there?");
                }
            }

            // bob's node stops: the directory forgets him at once, so a message to him is kept for later
            try (Mig33Client bob = Mig33Client.connect(b.mig33Addresses().get(0));
                 Mig33Client alice = Mig33Client.connect(a.mig33Addresses().get(0))) {
                bob.login("bob", "S3cretPass");
                alice.login("alice", "S3cretPass");
                b.stop();
                assertThat(bob.awaitClosed(Duration.ofSeconds(10))).isTrue();
                assertThat(alice.sendMessage("bob", "see you later").type()).isEqualTo(PacketType.OK);
            }
            try (Mig33Client bob = Mig33Client.connect(a.mig33Addresses().get(0))) {
                bob.login("bob", "S3cretPass");
                bob.contacts();
                assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("see you later");
            }
        }
    }

    @Test
    void aNodeWithAnotherSecretKeyIsRefused(@TempDir Path three) {
        cluster = TestRedis.fresh();
        DatabaseConfig store = TestStores.sharedFresh();
        try (RevenantServer a = new RevenantServer(node(one, store)); RevenantServer c = new RevenantServer(node(three, store))) {
            a.start();
            // a secret.key of its own: the passwords node one sealed would not open here
            assertThatThrownBy(c::start).hasMessageContaining("is not the one the other nodes of community")
                    .hasMessageContaining("copy it from a running node's data directory");
        }
    }

    @Test
    void aClusteredNodeRefusesTheEmbeddedDatabase() {
        cluster = TestRedis.fresh();
        RevenantConfig embedded = LocalConfig.of(one, Map.of("database.url", "", "cluster.redis", cluster.redis()));
        assertThatThrownBy(() -> new RevenantServer(embedded))
                .hasMessageContaining("the store is the embedded database")
                .hasMessageContaining("jdbc:postgresql://");
        // it left nothing behind: the same data directory serves a single node at once
        try (RevenantServer single = new RevenantServer(LocalConfig.of(one, Map.of("database.url", "")))) {
            single.start();
            assertThat(single.mig33Addresses()).isNotEmpty();
        }
    }

    @Test
    void aSingleNodeNeedsNoRedisAndSaysSo() throws Exception {
        try (RevenantServer single = new RevenantServer(LocalConfig.of(one, Map.of()))) {
            single.start();
            assertThat(health(single).at("/checks/redis/status").asText()).isEqualTo("disabled");
        }
    }
}
