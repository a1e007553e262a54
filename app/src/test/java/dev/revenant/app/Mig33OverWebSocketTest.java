package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.Packet;
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
 * mig33 over WebSocket on the HTTP listener ({@code GET /mig33/ws}), as a browser's client speaks it: each
 * text frame one packet in its JSON form. The sessions are TCP's: a WebSocket user and a phone on TCP chat,
 * see each other's presence and get offline messages; what is not a packet closes the socket with the
 * reason; a page of another site may not open one.
 */
class Mig33OverWebSocketTest {
    static final String PASSWORD = "S3cretPass";
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();

    static URI ws(RevenantServer server, String path) {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + path);
    }

    static Mig33Client browser(RevenantServer server) {
        return Mig33Client.connectWebSocket(ws(server, "/mig33/ws"));
    }

    static Mig33Client browser(RevenantServer server, String origin) {
        return Mig33Client.connectWebSocket(ws(server, "/mig33/ws"), Map.of("Origin", origin));
    }

    void register(RevenantServer server, String... users) {
        try (Mig33Client reg = Mig33Client.connect(server.mig33Addresses().get(0))) {
            for (String user : users) {
                reg.register(user, PASSWORD, "60123456789");
            }
        }
    }

    JsonNode sessions(RevenantServer server) throws Exception {
        String token = Files.readString(dataDir.resolve("admin.token")).strip();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/admin/api/sessions")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void aBrowserUserAndAPhoneChatBothWaysSeeEachOtherComeAndGoAndGetOfflineMessages() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            register(server, "alice", "bob");
            Mig33Client bob = Mig33Client.connect(server.mig33Addresses().get(0));
            bob.login("bob", PASSWORD);
            assertThat(bob.addContact("alice").type()).isEqualTo(PacketType.CONTACT);

            // alice in a browser: the challenge-response login and her contacts, in JSON frames
            Mig33Client alice = browser(server);
            assertThat(alice.login("alice", PASSWORD).type()).isEqualTo(PacketType.LOGIN_OK);
            assertThat(alice.addContact("bob").type()).isEqualTo(PacketType.CONTACT);
            assertThat(alice.contacts()).extracting(Packet::type).contains(PacketType.CONTACT);
            assertThat(bob.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 1, "alice online"))
                    .isNotNull();

            // both ways
            bob.sendMessage("alice", "hello from a phone");
            Packet got = alice.awaitPush(PacketType.MESSAGE);
            assertThat(got.string(2)).isEqualTo("bob");
            assertThat(got.string(8)).isEqualTo("hello from a phone");
            assertThat(alice.sendMessage("bob", "hello from a browser ✓").type()).isEqualTo(PacketType.OK);
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("hello from a browser ✓");

            // the operator sees the transport
            JsonNode list = sessions(server);
            assertThat(list.get("total").asInt()).isEqualTo(2);
            assertThat(list.get("sessions")).anySatisfy(s -> {
                assertThat(s.get("user").asText()).isEqualTo("alice");
                assertThat(s.get("transport").asText()).isEqualTo("websocket");
            });

            // closing the socket ends the session: bob sees alice go, and only bob's session is left
            alice.close();
            assertThat(bob.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "alice offline"))
                    .isNotNull();
            assertThat(sessions(server).get("total").asInt()).isEqualTo(1);

            // a message while she is away waits for her next login, in the browser too
            assertThat(bob.sendMessage("alice", "while you were out").type()).isEqualTo(PacketType.OK);
            Mig33Client again = browser(server);
            again.login("alice", PASSWORD);
            again.contacts(); // stored messages follow the contact list, as on a phone
            assertThat(again.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("while you were out");

            // LOGOUT: the server closes the socket with a close frame (1000)
            again.logout();
            assertThat(again.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(again.closeStatus()).isEqualTo(new Mig33Client.CloseStatus(1000, ""));
            bob.close();
            server.stop();
        }
    }

    @Test
    void whatIsNotAPacketClosesTheSocketWithItsReason() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.maxPacketBytes", "8192",
                "mig33.maxUploadBytes", "8192", "mig33.maxPacketBytesBeforeLogin", "1024")))) {
            server.start();
            register(server, "alice");
            assertClosed(server, c -> c.sendText("{\"T\":2,"), 1007, "not JSON");
            assertClosed(server, c -> c.sendText("[1]"), 1007, "a packet is a JSON object");
            assertClosed(server, c -> c.sendText("{\"T\":600,\"I\":1,\"F\":{\"1\":\"online\"}}"), 1007,
                    "field 1 of packet 600 must be a whole number");
            assertClosed(server, c -> c.sendBinary(new byte[] {2, 0, 2, 0, 1, 0, 0, 0, 0}), 1003, "JSON text frames");
            // 2 x (9 + maxPacketBytesBeforeLogin) = 2066 before login
            assertClosed(server, c -> c.sendText("{\"T\":2,\"F\":{\"1\":\"" + "x".repeat(2100) + "\"}}"), 1009,
                    "at most 2066 bytes before login");
            // after login 2 x (9 + maxPacketBytes) = 16402: Netty's frame decoder closes past it
            Mig33Client alice = browser(server);
            alice.login("alice", PASSWORD);
            alice.sendText("{\"T\":601,\"I\":9,\"F\":{\"1\":\"" + "x".repeat(10_000) + "\"}}");
            assertThat(alice.await(p -> p.txn() == 9, "the answer to a large status").type()).isNotNull();
            alice.sendText("{\"T\":601,\"I\":10,\"F\":{\"1\":\"" + "x".repeat(17_000) + "\"}}");
            assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(alice.closeStatus().code()).isEqualTo(1009);

            // a packet the client may not send is answered as over TCP, and the socket stays open
            try (Mig33Client tcp = Mig33Client.connect(server.mig33Addresses().get(0));
                 Mig33Client web = browser(server)) {
                Packet overTcp = tcp.call(tcp.request(PacketType.OK).string(1, "x").build());
                Packet overWeb = web.call(web.request(PacketType.OK).string(1, "x").build());
                assertThat(overWeb.type()).isEqualTo(overTcp.type());
                assertThat(overWeb.string(2)).isEqualTo(overTcp.string(2));
                assertThat(web.call(web.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            }
            assertThat(sessions(server).get("total").asInt()).isZero();
            server.stop();
        }
    }

    void assertClosed(RevenantServer server, java.util.function.Consumer<Mig33Client> send, int code, String reason) {
        Mig33Client c = browser(server);
        send.accept(c);
        assertThat(c.awaitClosed(Duration.ofSeconds(5))).as("closed after " + reason).isTrue();
        assertThat(c.closeStatus()).as("the close frame for " + reason).isNotNull();
        assertThat(c.closeStatus().code()).isEqualTo(code);
        assertThat(c.closeStatus().reason()).contains(reason);
    }

    @Test
    void aPageOfAnotherSiteMayNotOpenOneButThisServersOwnMay() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir,
                Map.of("http.publicUrl", "https://chat.example.org")))) {
            server.start();
            assertThatThrownBy(() -> browser(server, "http://evil.example"))
                    .isInstanceOfSatisfying(Mig33Exception.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
            assertThatThrownBy(() -> browser(server, "http://127.0.0.1:" + (server.httpPort() + 1)))
                    .isInstanceOfSatisfying(Mig33Exception.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
            assertThatThrownBy(() -> browser(server, "null"))
                    .isInstanceOfSatisfying(Mig33Exception.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
            // the listener's own address (Host), and the public address in front of it (a TLS proxy)
            for (String origin : new String[] {"http://127.0.0.1:" + server.httpPort(), "https://chat.example.org",
                    "https://CHAT.example.org:443"}) {
                try (Mig33Client c = browser(server, origin)) {
                    assertThat(c.call(c.request(PacketType.PING).build()).type()).as(origin).isEqualTo(PacketType.PONG);
                }
            }
            server.stop();
        }
    }

    @Test
    void anUnknownPathAPlainGetAndAPostAreAnsweredOverHttp() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            assertThatThrownBy(() -> Mig33Client.connectWebSocket(ws(server, "/mig34/ws")))
                    .isInstanceOfSatisfying(Mig33Exception.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
            URI url = URI.create("http://127.0.0.1:" + server.httpPort() + "/mig33/ws");
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(426);
            assertThat(plain.headers().firstValue("Upgrade")).hasValue("websocket");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            server.stop();
        }
    }

    @Test
    void aSocketThatDoesNotLogInInTimeIsClosed() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.loginTimeout", "300ms")))) {
            server.start();
            Mig33Client idle = browser(server);
            assertThat(idle.awaitPush(PacketType.SESSION_TERMINATED).string(1)).contains("timed out");
            assertThat(idle.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(idle.closeStatus()).isEqualTo(new Mig33Client.CloseStatus(1000, ""));
            server.stop();
        }
    }

    @Test
    void aBrowserThatStopsReadingIsCutOffAndItsMessagesAreStored() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.writeTimeout", "1s",
                "mig33.requestsPerSecond", "0", "mig33.messagesPerMinute", "0")))) {
            server.start();
            register(server, "alice", "bob", "carol");
            Mig33Client carol = Mig33Client.connect(server.mig33Addresses().get(0));
            carol.login("carol", PASSWORD);
            carol.addContact("bob");
            carol.contacts();
            Mig33Client bob = browser(server);
            bob.login("bob", PASSWORD);
            bob.addContact("carol"); // each on the other's list: carol sees bob's presence
            assertThat(carol.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 1, "bob online")).isNotNull();
            bob.pauseReading();
            Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0));
            alice.login("alice", PASSWORD);
            String text = "x".repeat(2000);
            int sent = 0;
            // enough to fill the socket buffers and the server's 1 MiB allowance many times over
            while (!carol.hasPush(PacketType.PRESENCE) && sent < 20_000) {
                alice.sendMessage("bob", text);
                sent++;
            }
            assertThat(carol.awaitPush(PacketType.PRESENCE).integer(2, 0)).as("bob was cut off").isEqualTo(99);
            assertThat(alice.sendMessage("bob", "are you there?").type()).isEqualTo(PacketType.OK);
            assertThat(sessions(server).get("total").asInt()).isEqualTo(2);
            server.stop();
        }
    }

    @Test
    void theOptionTakesTheRouteAway() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.webSocket", "false")))) {
            server.start();
            assertThatThrownBy(() -> browser(server)).isInstanceOf(Mig33Exception.class);
            server.stop();
        }
    }
}
