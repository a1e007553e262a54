package dev.revenant.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revenant.app.config.HttpConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A listener on 127.0.0.1 and a free port for each test, and a client that talks to it over real HTTP. */
abstract class LiveListener {
    @TempDir
    Path dataDir;

    AdminToken token;
    HttpListener listener;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startListener() {
        token = AdminToken.loadOrCreate(dataDir.resolve("admin.token"));
        listener = new HttpListener(new HttpConfig("127.0.0.1", 0, "", 2, ""), token);
        listener.start();
    }

    @AfterEach
    void stopListener() {
        listener.close();
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }
}
