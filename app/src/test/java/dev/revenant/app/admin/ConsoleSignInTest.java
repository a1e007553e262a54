package dev.revenant.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import dev.revenant.app.http.ConsoleSessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's sign-in over real HTTP: the admin token buys a cookie that is HttpOnly and SameSite=Strict;
 * the API takes the cookie only with the console's header (a cookie alone, as a forged cross-site request
 * would carry it, is refused); wrong tokens are throttled per address; signing out ends the cookie; the
 * console's page is served with a policy that allows no other origin.
 */
class ConsoleSignInTest {
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    RevenantServer server;
    String token;

    @BeforeEach
    void start() throws Exception {
        server = new RevenantServer(LocalConfig.of(dataDir, Map.of()));
        server.start();
        token = Files.readString(dataDir.resolve("admin.token")).strip();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    HttpResponse<String> signIn(String presented) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/admin/sign-in")).POST(HttpRequest.BodyPublishers.ofString(
                new ObjectMapper().writeValueAsString(Map.of("token", presented, "operator", "dana")))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> users(String cookie, boolean consoleHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/admin/api/users")).header("Cookie", cookie);
        if (consoleHeader) {
            b.header(ConsoleSessions.HEADER, "1");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTokenBuysAStrictHttpOnlyCookieThatWorksOnlyWithTheConsolesHeader() throws Exception {
        HttpResponse<String> in = signIn(token);
        assertThat(in.statusCode()).isEqualTo(204);
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/admin").doesNotContain(token);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(users(cookie, true).statusCode()).isEqualTo(200);
        assertThat(users(cookie, false).statusCode()).as("a cookie alone is what a forged request carries").isEqualTo(401);

        http.send(HttpRequest.newBuilder(uri("/admin/sign-out")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(users(cookie, true).statusCode()).isEqualTo(401);
        assertThat(Files.readString(dataDir.resolve("audit.log"))).contains("console sign-in").doesNotContain(token);
    }

    @Test
    void wrongTokensAreThrottledPerAddress() throws Exception {
        for (int i = 0; i < ConsoleSessions.FAILURES_BEFORE_WAIT; i++) {
            assertThat(signIn("not-the-token").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> waiting = signIn(token);
        assertThat(waiting.statusCode()).as("even the right token waits now").isEqualTo(429);
        assertThat(waiting.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theConsoleIsServedFromTheJarWithAPolicyThatAllowsNoOtherOrigin() throws Exception {
        for (String path : new String[] {"/admin", "/admin/console.js", "/admin/console.css"}) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'",
                    "script-src 'self'", "frame-ancestors 'none'");
            // the SVG namespace is a name, not an address anything is fetched from
            assertThat(page.body().replace("http://www.w3.org/2000/svg", "")).as(path + " fetches nothing from elsewhere")
                    .doesNotContain("http://", "https://", "//cdn");
        }
        assertThat(http.send(HttpRequest.newBuilder(uri("/admin/secret.txt")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }
}
