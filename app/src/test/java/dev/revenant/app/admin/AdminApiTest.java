package dev.revenant.app.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 1: the admin API over a real server, with real mig33 clients over TCP and real HTTP: what
 * an operator does to users, sessions, rooms, alerts, PangYa accounts and crash reports, each written to
 * the audit log (item 7), and the mig33 ban: a banned user's login gets the original's answer for a
 * suspended account, and their session ends at once.
 */
class AdminApiTest {
    @TempDir Path dataDir;
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    RevenantServer server;
    InetSocketAddress mig33;
    String token;
    final List<Mig33Client> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new RevenantServer(LocalConfig.of(dataDir, Map.of()));
        server.start();
        mig33 = server.mig33Addresses().get(0);
        token = Files.readString(dataDir.resolve("admin.token")).strip();
        try (Mig33Client reg = Mig33Client.connect(mig33)) {
            reg.register("alice", "S3cretPass", "60123");
            reg.register("bob", "S3cretPass", "60124");
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(Mig33Client::close);
        server.close();
    }

    Mig33Client online(String user) {
        Mig33Client c = Mig33Client.connect(mig33);
        clients.add(c);
        assertThat(c.login(user, "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
        return c;
    }

    HttpResponse<String> call(String method, String path, Object body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, Object body) throws Exception {
        HttpResponse<String> r = call(method, path, body, true);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    /** Polls the sessions list until it is empty (at most 10 s). */
    void awaitNoSessions() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ok("GET", "/admin/api/sessions", null).get("total").asInt() > 0) {
            assertThat(System.nanoTime()).as("sessions still listed after 10 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    @Test
    void withoutTheTokenNothingIsAnswered() throws Exception {
        for (String path : List.of("/admin/api/users", "/admin/api/sessions", "/admin/api/openapi.json", "/admin/api/audit")) {
            assertThat(call("GET", path, null, false).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(call("POST", "/admin/api/users/bob/ban", Map.of("reason", "x"), false).statusCode()).isEqualTo(401);
    }

    @Test
    void aBannedUsersSessionEndsAndTheirLoginGetsTheSuspendedAnswerUntilUnbanned() throws Exception {
        Mig33Client bob = online("bob");
        JsonNode banned = ok("POST", "/admin/api/users/bob/ban", Map.of("reason", "spam in Lobby", "duration", "7d"));
        assertThat(banned.get("message").asText()).startsWith("user bob banned until ").endsWith("; their session was ended");
        assertThat(bob.awaitPush(PacketType.SESSION_TERMINATED).string(1)).isEqualTo("Your account is suspended");
        assertThat(bob.awaitClosed(Duration.ofSeconds(10))).isTrue();

        try (Mig33Client again = Mig33Client.connect(mig33)) {
            // the original's answer: ERROR, code 1, "Your account is suspended", after the right password only
            assertThatThrownBy(() -> again.login("bob", "S3cretPass")).hasMessageContaining("Your account is suspended");
        }
        try (Mig33Client guess = Mig33Client.connect(mig33)) {
            assertThatThrownBy(() -> guess.login("bob", "WrongPass1")).as("a wrong password learns nothing of the ban")
                    .hasMessageContaining("do not match");
        }
        JsonNode users = ok("GET", "/admin/api/users?search=bo", null);
        assertThat(users.get("total").asInt()).isEqualTo(1);
        JsonNode row = users.get("users").get(0);
        assertThat(row.get("username").asText()).isEqualTo("bob");
        assertThat(row.get("ban").get("reason").asText()).isEqualTo("spam in Lobby");
        assertThat(row.get("ban").get("bannedBy").asText()).isEqualTo("api");
        assertThat(row.get("ban").get("until").asText()).isNotEmpty();

        ok("POST", "/admin/api/users/bob/unban", null);
        online("bob");
    }

    @Test
    void banRefusalsSayWhy() throws Exception {
        assertThat(call("POST", "/admin/api/users/nobody/ban", Map.of("reason", "x"), true).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/admin/api/users/bob/ban", Map.of("reason", ""), true).body()).contains("needs a reason");
        assertThat(call("POST", "/admin/api/users/bob/ban", Map.of("reason", "x", "duration", "soon"), true).body())
                .contains("duration must be like");
        assertThat(call("POST", "/admin/api/users/bob/ban", Map.of("reason", "x".repeat(501)), true).statusCode()).isEqualTo(400);
    }

    @Test
    void usersAreCreatedGivenPasswordsAndDeleted() throws Exception {
        HttpResponse<String> created = call("POST", "/admin/api/users",
                Map.of("username", "carol", "password", "S3cretPass", "displayName", "Caz"), true);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(call("POST", "/admin/api/users", Map.of("username", "dave", "password", "short"), true).body())
                .contains("Password");
        ok("POST", "/admin/api/users/carol/password", Map.of("password", "An0therPass"));
        try (Mig33Client carol = Mig33Client.connect(mig33)) {
            assertThat(carol.login("carol", "An0therPass").type()).isEqualTo(PacketType.LOGIN_OK);
        }
        // the server lets carol's session go just after her client closed: the delete then ends none
        awaitNoSessions();
        assertThat(ok("DELETE", "/admin/api/users/carol", null).get("message").asText()).isEqualTo("user carol deleted");
        assertThat(ok("GET", "/admin/api/users", null).get("users")).extracting(u -> u.get("username").asText())
                .containsExactly("alice", "bob");
    }

    @Test
    void sessionsAreListedWithWhoWhatAndWhereAndCanBeKicked() throws Exception {
        Mig33Client alice = online("alice");
        JsonNode sessions = ok("GET", "/admin/api/sessions", null).get("sessions");
        assertThat(sessions).hasSize(1);
        JsonNode s = sessions.get(0);
        assertThat(s.get("user").asText()).isEqualTo("alice");
        assertThat(s.get("protocol").asText()).isEqualTo("mig33");
        assertThat(s.get("transport").asText()).isEqualTo("tcp");
        assertThat(s.get("clientVersion").asText()).isEqualTo("420");
        assertThat(s.get("address").asText()).startsWith("127.0.0.1:");
        assertThat(s.get("since").asText()).isNotEmpty();
        assertThat(s.get("node").asText()).isNotEmpty();

        ok("POST", "/admin/api/sessions/mig33/alice/kick", Map.of("reason", "Please read the rules"));
        assertThat(alice.awaitPush(PacketType.SESSION_TERMINATED).string(1)).isEqualTo("Please read the rules");
        assertThat(alice.awaitClosed(Duration.ofSeconds(10))).isTrue();
        // the server lets the session go just after the client sees the close: wait for that, not for a time
        awaitNoSessions();
        assertThat(call("POST", "/admin/api/sessions/mig33/alice/kick", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void roomsAreListedEditedGivenAdministratorsAndClosed() throws Exception {
        assertThat(call("POST", "/admin/api/rooms", Map.of("name", "Lobby", "description", "Say hello"), true).statusCode())
                .isEqualTo(201);
        ok("PATCH", "/admin/api/rooms/Lobby", Map.of("capacity", 40, "addAdministrators", List.of("alice")));
        JsonNode room = ok("GET", "/admin/api/rooms?search=hello", null).get("rooms").get(0);
        assertThat(room.get("room").asText()).isEqualTo("Lobby");
        assertThat(room.get("capacity").asInt()).isEqualTo(40);
        assertThat(room.get("administrators")).extracting(JsonNode::asText).containsExactly("alice");
        ok("DELETE", "/admin/api/rooms/Lobby", null);
        assertThat(ok("GET", "/admin/api/rooms", null).get("total").asInt()).isZero();
    }

    @Test
    void alertsReachTheUsersOnline() throws Exception {
        Mig33Client alice = online("alice");
        assertThat(ok("POST", "/admin/api/alerts", Map.of("text", "Restart at 20:00")).get("delivered").asInt()).isEqualTo(1);
        assertThat(alice.awaitPush(PacketType.ALERT).string(2)).isEqualTo("Restart at 20:00");
        // revenant alert's own route is audited the same way
        assertThat(call("POST", "/mig33/alert", Map.of("text", "Now", "user", "alice"), true).statusCode()).isEqualTo(200);
        assertThat(ok("GET", "/admin/api/audit", null).get("entries")).extracting(e -> e.get("action").asText() + " "
                + e.get("target").asText()).containsExactly("alert alice", "alert everyone");
    }

    @Test
    void crashReportsTheClientsSendAreListed() throws Exception {
        Mig33Client alice = online("alice");
        alice.call(alice.request(PacketType.REPORT).int16(1, 1).string(2, "java.lang.NullPointerException at Chat.paint").build());
        JsonNode report = ok("GET", "/admin/api/reports", null).get("reports").get(0);
        assertThat(report.get("user").asText()).isEqualTo("alice");
        assertThat(report.get("clientVersion").asInt()).isEqualTo(420);
        assertThat(report.get("text").asText()).contains("NullPointerException");
        assertThat(ok("GET", "/admin/api/dashboard", null).get("latestReports")).hasSize(1);
    }

    @Test
    void theDashboardCountsWhoIsOnlineAndTheirClientVersions() throws Exception {
        online("alice");
        server.sampleActivity();
        JsonNode d = ok("GET", "/admin/api/dashboard", null);
        assertThat(d.get("now").get("online").asInt()).isEqualTo(1);
        assertThat(d.get("now").get("logins").asDouble()).isEqualTo(1);
        assertThat(d.get("onlineHistory")).hasSize(1);
        assertThat(d.get("clientVersions").get("420").asInt()).isEqualTo(1);
    }

    @Test
    void theBusiestRoomsAreThoseWithTheMostLinesInTheLastHour() throws Exception {
        call("POST", "/admin/api/rooms", Map.of("name", "Lobby"), true);
        call("POST", "/admin/api/rooms", Map.of("name", "Tennis"), true);
        // the new rooms are followed from the next sample on
        server.sampleActivity();
        Mig33Client alice = online("alice");
        alice.joinChatRoom("Lobby");
        alice.joinChatRoom("Tennis");
        alice.sendRoomMessage("Lobby", "hello");
        alice.sendRoomMessage("Lobby", "anyone?");
        alice.sendRoomMessage("Tennis", "match at 5");
        JsonNode busiest = ok("GET", "/admin/api/dashboard", null).get("busiestRooms");
        assertThat(busiest).extracting(r -> r.get("room").asText() + "=" + r.get("linesLastHour").asInt())
                .containsExactly("Lobby=2", "Tennis=1");
    }

    @Test
    void aKickReasonHasALimit() throws Exception {
        online("alice");
        HttpResponse<String> r = call("POST", "/admin/api/sessions/mig33/alice/kick", Map.of("reason", "x".repeat(501)), true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("at most 500");
    }

    @Test
    void pangyaAccountsAndGameServersAreListed() throws Exception {
        assertThat(ok("GET", "/admin/api/pangya/accounts", null).get("total").asInt()).isZero();
        JsonNode servers = ok("GET", "/admin/api/pangya/servers", null);
        assertThat(servers.get("running").asBoolean()).isFalse();
        assertThat(servers.get("gameServers").isArray()).isTrue();
        assertThat(call("POST", "/admin/api/pangya/accounts/nobody/ban", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void pagesHaveADefaultSizeAndALimit() throws Exception {
        JsonNode users = ok("GET", "/admin/api/users", null);
        assertThat(users.get("limit").asInt()).isEqualTo(AdminApi.DEFAULT_PAGE);
        assertThat(ok("GET", "/admin/api/users?limit=1&offset=1", null).get("users")).extracting(u -> u.get("username").asText())
                .containsExactly("bob");
        HttpResponse<String> tooMany = call("GET", "/admin/api/users?limit=" + (AdminApi.MAX_PAGE + 1), null, true);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("limit must be a number from 1 to " + AdminApi.MAX_PAGE);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        JsonNode doc = ok("GET", "/admin/api/openapi.json", null);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/admin/api/users", "/admin/api/users/{username}/ban", "/admin/api/users/{username}/unban",
                "/admin/api/users/{username}/password", "/admin/api/users/{username}", "/admin/api/sessions",
                "/admin/api/sessions/{protocol}/{username}/kick", "/admin/api/rooms", "/admin/api/rooms/{room}",
                "/admin/api/alerts", "/admin/api/pangya/accounts", "/admin/api/pangya/accounts/{username}/ban",
                "/admin/api/pangya/accounts/{username}/unban", "/admin/api/pangya/servers", "/admin/api/reports",
                "/admin/api/dashboard", "/admin/api/audit");
    }

    @Test
    void everyActionIsAuditedWithWhoWhatWhenAndWhere() throws Exception {
        call("POST", "/admin/api/users/bob/ban", Map.of("reason", "spam"), true);
        call("POST", "/admin/api/users/nobody/unban", null, true);
        JsonNode entries = ok("GET", "/admin/api/audit", null).get("entries");
        assertThat(entries).hasSize(2);
        JsonNode refused = entries.get(0);
        assertThat(refused.get("action").asText()).isEqualTo("user unban");
        assertThat(refused.get("outcome").asText()).isEqualTo("refused: no user nobody");
        JsonNode ban = entries.get(1);
        assertThat(ban.get("who").asText()).isEqualTo("api");
        assertThat(ban.get("from").asText()).isEqualTo("127.0.0.1");
        assertThat(ban.get("action").asText()).isEqualTo("user ban");
        assertThat(ban.get("target").asText()).isEqualTo("bob (until lifted: spam)");
        assertThat(ban.get("outcome").asText()).isEqualTo("ok");
        assertThat(ban.get("at").asText()).isNotEmpty();
        assertThat(Files.readString(dataDir.resolve("audit.log"))).doesNotContain(token);
    }
}
