package dev.revenant.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.revenant.app.config.HttpConfig;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.work.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener on 127.0.0.1 and a free port for each test, on event loops and a worker pool of its own, and a
 * client that talks to it over real HTTP.
 */
abstract class LiveListener {
    @TempDir
    Path dataDir;

    AdminToken token;
    HttpListener listener;
    NetLoops loops;
    ExecutorService workers;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startListener() {
        token = AdminToken.loadOrCreate(dataDir.resolve("admin.token"));
        loops = new NetLoops(1);
        workers = Workers.pool("test-worker", 2, 64);
        listener = new HttpListener(config(), token, loops, workers, meters);
        listener.start();
    }

    /** The listener's configuration: the defaults on a free port; a test class may change some. */
    HttpConfig config() {
        return HttpConfig.defaults("127.0.0.1", 0);
    }

    @AfterEach
    void stopListener() {
        listener.close();
        loops.close();
        workers.shutdownNow();
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
