package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.mig33.client.Mig33Client;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5: {@code log.file} is written, rolled over at {@code log.maxFileSize} into gzipped files
 * beside it, {@code log.format: json} writes one parseable JSON object per line, and no password or token
 * that passed through the server (a phone's registration and login, a forwarded {@code user add}, the
 * admin API, a wrong console sign-in) appears in any of it, even at DEBUG.
 */
class LogFileTest {
    private static final String PHONE_PASSWORD = "Ph0nePassw0rdXyz";
    private static final String FORWARDED_PASSWORD = "Forw4rdedSecretQq";
    private static final String WRONG_TOKEN = "wrong-token-5b8c1d";

    @TempDir Path dataDir;
    @TempDir Path logs;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theLogFileIsWrittenRolledOverAsJsonLinesWithoutSecrets() throws Exception {
        Path file = logs.resolve("revenant.log");
        Map<String, String> flags = new HashMap<>(Map.of("log.file", file.toString(), "log.format", "json",
                "log.level", "DEBUG", "log.maxFileSize", "2KiB", "log.totalSizeCap", "1MiB"));
        RevenantConfig config = LocalConfig.of(dataDir, flags);
        String token;
        try (ServerLog serverLog = ServerLog.apply(config.log()); RevenantServer server = new RevenantServer(config)) {
            server.start();
            token = Files.readString(dataDir.resolve("admin.token")).strip();
            try (Mig33Client phone = Mig33Client.connect(server.mig33Addresses().get(0))) {
                phone.register("alice", PHONE_PASSWORD, "60111");
                phone.login("alice", PHONE_PASSWORD);
            }
            String base = "http://127.0.0.1:" + server.httpPort();
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/commands"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            Map.of("args", List.of("user", "add", "carol", "--password=" + FORWARDED_PASSWORD)))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(added.body()).contains("\"exitCode\":0");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/admin/api/users")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            http.send(HttpRequest.newBuilder(URI.create(base + "/admin/sign-in"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + WRONG_TOKEN + "\",\"operator\":\"dana\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        // closed: the server stopped and the file appender waited for its last gzip; nothing left to wait for

        List<Path> archives;
        try (Stream<Path> files = Files.list(logs)) {
            archives = files.filter(p -> !p.equals(file)).sorted().toList();
        }
        assertThat(file).isRegularFile();
        assertThat(archives).as("rolled over at 2KiB, gzipped beside the file").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(a -> assertThat(a.getFileName().toString()).matches("revenant\\.log\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.gz"));
        StringBuilder all = new StringBuilder();
        for (Path archive : archives) {
            String text = gunzip(archive);
            assertThat(text.getBytes(StandardCharsets.UTF_8).length).as("an archive is a full file").isGreaterThanOrEqualTo(2048);
            all.append(text);
        }
        all.append(Files.readString(file));
        List<String> lines = all.toString().lines().toList();
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertThat(event.has("@timestamp") && event.has("level") && event.has("message")).as(line).isTrue();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=started"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=admin_command"));
        assertThat(all.toString()).doesNotContain(PHONE_PASSWORD).doesNotContain(FORWARDED_PASSWORD)
                .doesNotContain(token).doesNotContain(WRONG_TOKEN);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
