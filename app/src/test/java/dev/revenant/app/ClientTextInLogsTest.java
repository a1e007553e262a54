package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.testing.SharedData;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.crypto.KeyTables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12, 11: what a client sends (a username, a URL path) reaches the log lines escaped, so that a
 * newline in it cannot forge a line. Both protocols and the HTTP listener, as {@code revenant serve} runs them.
 */
class ClientTextInLogsTest {
    static final String FORGED = "event=login user=admin remote=/10.0.0.1:1";
    @TempDir Path dataDir;

    @Test
    void clientTextIsWrittenToLogsUnescaped() throws Exception {
        Path keys = SharedData.require("data/pangya/keys.bin");
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("pangya.enabled", "true", "pangya.host", "127.0.0.1",
                "pangya.port", "0", "pangya.keys", keys.toString(), "pangya.passwordHashCost", "4"));
        List<ILoggingEvent> events;
        try (CapturedLogs logs = new CapturedLogs()) {
            // the server is stopped before the lines are read: a request's line is written once its answer is
            try (RevenantServer server = new RevenantServer(config)) {
                server.start();
                // mig33: a login with a name carrying a forged line, and a wrong proof
                try (Mig33Client eve = Mig33Client.connect(server.mig33Addresses().get(0))) {
                    eve.loginStart("eve\n" + FORGED, 420, 1);
                    assertThat(eve.call(eve.request(PacketType.LOGIN_RESPONSE).int32(1, 42).build()).type())
                            .isEqualTo(PacketType.ERROR);
                }
                // PangYa: the same in a Login packet
                try (PangyaClient mallory = PangyaClient.connect(server.pangyaAddress().orElseThrow(), Profile.TH829,
                        KeyTables.load(keys), Duration.ofSeconds(10))) {
                    mallory.login("mallory\r\n" + FORGED, "whatever");
                    mallory.receive();
                }
                // HTTP: a path whose escaped newline the listener decodes
                HttpResponse<String> notFound = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/nothing%0A" + FORGED.replace(" ", "%20")))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(notFound.statusCode()).isEqualTo(404);
            }
            events = List.copyOf(logs.events());
        }
        // this server's own lines (libraries such as Flyway log multi-line SQL of their own)
        List<String> lines = events.stream().filter(e -> e.getLoggerName().startsWith("dev.revenant."))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).as("no log line holds a raw line break").noneMatch(l -> l.contains("\n") || l.contains("\r"));
        assertThat(lines).as("the hostile texts were logged")
                .anyMatch(l -> l.contains("eve\\n" + FORGED))
                .anyMatch(l -> l.contains("mallory\\r\\n" + FORGED))
                .anyMatch(l -> l.contains("/nothing\\n" + FORGED));
    }
}
