package dev.revenant.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web chat client's files over real HTTP: each with its content type, never sniffed, asked again on each
 * visit, under a policy that lets the page load only its own files and talk only to its own origin; nothing
 * else under /chat is served, and with mig33 or its WebSocket off there is no /chat at all.
 */
class ChatRoutesTest {
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    RevenantServer server;

    @BeforeEach
    void start() {
        server = new RevenantServer(LocalConfig.of(dataDir, Map.of()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsModulesAreServedWithTheirTypesAndAStrictPolicy() throws Exception {
        Map<String, String> files = Map.of(
                "/chat", "text/html; charset=utf-8",
                "/chat/", "text/html; charset=utf-8",
                "/chat/chat.js", "text/javascript; charset=utf-8",
                "/chat/mig33.js", "text/javascript; charset=utf-8",
                "/chat/history.js", "text/javascript; charset=utf-8",
                "/chat/chat.css", "text/css; charset=utf-8");
        for (var file : files.entrySet()) {
            HttpResponse<String> r = get(file.getKey());
            assertThat(r.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(file.getKey()).hasValue(file.getValue());
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String policy = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(policy).contains("default-src 'self'", "script-src 'self'", "connect-src 'self'",
                    "img-src 'self' data:", "frame-ancestors 'none'").doesNotContain("unsafe");
        }
        String page = get("/chat").body();
        // the largest picture the server takes (mig33.maxUploadBytes), which the page checks before sending
        assertThat(page).contains("<meta name=\"max-upload-bytes\" content=\"307200\">");
        // the page loads its module and style from this server only: absolute paths, no other origin
        assertThat(page).contains("<script type=\"module\" src=\"/chat/chat.js\">", "href=\"/chat/chat.css\"")
                .doesNotContain("http://", "https://");
    }

    @Test
    void nothingElseUnderChatIsServed() throws Exception {
        for (String path : new String[] {"/chat/nope.js", "/chat/index.html/x", "/chat/../admin", "/chat/%2e%2e/admin",
                "/chat/chat.js/", "/chatroom"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void thePageSaysTheServersPictureLimit() throws Exception {
        restart(Map.of("mig33.maxUploadBytes", "20000"));
        assertThat(get("/chat").body()).contains("<meta name=\"max-upload-bytes\" content=\"20000\">");
    }

    @Test
    void withoutMig33OrItsWebSocketThereIsNoChat() throws Exception {
        restart(Map.of("mig33.enabled", "false"));
        assertThat(get("/chat").statusCode()).isEqualTo(404);
        restart(Map.of("mig33.webSocket", "false"));
        assertThat(get("/chat").statusCode()).isEqualTo(404);
        assertThat(get("/chat/chat.js").statusCode()).isEqualTo(404);
    }

    private int restarts;

    void restart(Map<String, String> options) {
        server.close();
        server = new RevenantServer(LocalConfig.of(dataDir.resolve("again" + ++restarts), options));
        server.start();
    }
}
