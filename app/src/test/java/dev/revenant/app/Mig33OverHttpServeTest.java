package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mig33 over HTTP in a whole server: on only when {@code mig33.http.ports} names a port, and the HTTP
 * listener's {@code /mig33/} pages and pictures, which a 4.x phone on HTTP fetches itself.
 */
class Mig33OverHttpServeTest {
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void nothingListensForMig33OverHttpUnlessAPortIsNamed() {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            assertThat(server.mig33HttpAddresses()).isEmpty();
        }
    }

    @Test
    void aPingPostedToTheNamedPortIsAnsweredWithPong() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.http.ports", "0")))) {
            server.start();
            int port = server.mig33HttpAddresses().get(0).getPort();
            byte[] ping = {2, 0, 2, 0, 1, 0, 0, 0, 0};
            HttpResponse<byte[]> pong = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "image/gif").POST(HttpRequest.BodyPublishers.ofByteArray(ping)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pong.statusCode()).isEqualTo(200);
            assertThat(pong.body()).containsExactly(2, 0, 3, 0, 1, 0, 0, 0, 0);
        }
    }

    @Test
    void thePagesAndPicturesLoginOkNamesAreServedForPhonesThatFetchThemThemselves() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            String base = "http://127.0.0.1:" + server.httpPort();
            HttpResponse<byte[]> badge = get(base + "/mig33/reputation/1-12x12.png");
            assertThat(badge.statusCode()).isEqualTo(200);
            assertThat(badge.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(badge.body()).startsWith(0x89, 'P', 'N', 'G');
            HttpResponse<byte[]> avatar = get(base + "/mig33/images/0?w=20&h=20&a=1&c=1");
            assertThat(avatar.statusCode()).isEqualTo(200);
            assertThat(avatar.headers().firstValue("Content-Type")).hasValue("image/png");
            HttpResponse<byte[]> home = get(base + "/mig33/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(new String(home.body(), StandardCharsets.UTF_8)).contains("Welcome to Revenant");
            // the MIDlets' GETs arrive as empty POSTs under MicroEmulator (they open an output stream on them):
            // 3.00's My Profile page was "an error loading the page" until they were answered
            HttpResponse<byte[]> homePosted = http.send(HttpRequest.newBuilder(URI.create(base + "/mig33/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(homePosted.statusCode()).isEqualTo(200);
            assertThat(new String(homePosted.body(), StandardCharsets.UTF_8)).contains("Welcome to Revenant");
            // 4.50's first tab, on the PageletUrl's host: the same home page, as OPEN_URL gives it on TCP
            HttpResponse<byte[]> migWorld = get(base + "/sites/index.php?c=migworld&v=midlet&a=get_mobpage");
            assertThat(migWorld.statusCode()).isEqualTo(200);
            assertThat(new String(migWorld.body(), StandardCharsets.UTF_8)).contains("Welcome to Revenant");
            // which 4.50 POSTs, form-encoded
            HttpResponse<byte[]> posted = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/sites/index.php?c=migworld&v=midlet&a=get_mobpage")).header("Content-Type",
                    "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(posted.statusCode()).isEqualTo(200);
        }
    }

    /**
     * The username check 4.30–4.62 make on the web site at registration ("Step 1 of 3"): "[]" for a free
     * name, else free names to offer in brackets (the clients take at most two characters as "free").
     */
    @Test
    void theRegistrationsUsernameCheckSaysFreeOrOffersFreeNames() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            try (var admin = dev.revenant.mig33.client.Mig33Client.connect(server.mig33Addresses().get(0))) {
                admin.register("alice", "S3cretPass1", "60123456789");
                admin.register("alice1", "S3cretPass1", "60123456788");
            }
            String check = "http://127.0.0.1:" + server.httpPort() + "/sites/index.php?c=registration_api&v=midlet&a=check_username&username=";
            HttpResponse<byte[]> free = get(check + "newbie");
            assertThat(free.statusCode()).isEqualTo(200);
            assertThat(new String(free.body(), StandardCharsets.UTF_8)).isEqualTo("[]");
            assertThat(new String(get(check + "Alice").body(), StandardCharsets.UTF_8)).isEqualTo("[alice2,alice3,alice4]");
            // a name no one may have (too short) is offered names that are valid
            assertThat(new String(get(check + "al").body(), StandardCharsets.UTF_8)).isEqualTo("[mig331,mig332,mig333]");
            // 4.30 asks the same in a path
            String path = "http://127.0.0.1:" + server.httpPort() + "/check_username/midlet/";
            assertThat(new String(get(path + "newbie").body(), StandardCharsets.UTF_8)).isEqualTo("[]");
            assertThat(new String(get(path + "alice").body(), StandardCharsets.UTF_8)).isEqualTo("[alice2,alice3,alice4]");
            // and under MicroEmulator its GET arrives as an empty POST (it opens an output stream on it)
            HttpResponse<byte[]> posted = http.send(HttpRequest.newBuilder(URI.create(path + "alice"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(new String(posted.body(), StandardCharsets.UTF_8)).isEqualTo("[alice2,alice3,alice4]");
            // a broken escape gets a clear 400, not a server error (sent by hand: java.net.URI refuses to make
            // such a request); a name is decoded once (%25 is "%", no letter of a name)
            try (var socket = new java.net.Socket("127.0.0.1", server.httpPort())) {
                socket.getOutputStream().write(("GET /check_username/midlet/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 400").contains("malformed request target");
            }
            assertThat(new String(get(check + "%2525zz").body(), StandardCharsets.UTF_8)).isEqualTo("[mig331,mig332,mig333]");
            assertThat(new String(get(path + "%2541lice").body(), StandardCharsets.UTF_8)).isEqualTo("[mig331,mig332,mig333]");
        }
    }
}
