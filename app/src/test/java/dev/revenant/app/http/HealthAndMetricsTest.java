package dev.revenant.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthAndMetricsTest extends LiveListener {
    private final HealthEndpoint health = new HealthEndpoint();

    @Test
    void healthIsUpWhenEveryCheckIsUpAndShowsTheirDetails() throws Exception {
        health.register("store", HealthStatus::up)
                .register("mig33", () -> HealthStatus.up(Map.of("sessions", 12)));
        listener.route("GET", "/health", health);

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.at("/checks/store/status").asText()).isEqualTo("up");
        assertThat(body.at("/checks/mig33/sessions").asInt()).isEqualTo(12);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        // monitors and load balancers probe with HEAD: the same status and headers, no body
        health.register("store", HealthStatus::up);
        listener.route("GET", "/health", health);

        HttpResponse<String> head = send(request("/health").method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> get = get("/health");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(head.headers().firstValue("Content-Length")).isEqualTo(get.headers().firstValue("Content-Length"));
        // another method on the path names HEAD among those allowed
        HttpResponse<String> post = send(request("/health").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void healthIsDegradedWhenACheckFailsOrThrows() throws Exception {
        AtomicBoolean storeUp = new AtomicBoolean(true);
        health.register("store", () -> {
            if (!storeUp.get()) {
                throw new SQLException("connection refused to jdbc:postgresql://db?password=x");
            }
            return HealthStatus.up();
        }).register("pangya", () -> HealthStatus.up(Map.of("sessions", 0)));
        listener.route("GET", "/health", health);
        assertThat(get("/health").statusCode()).isEqualTo(200);

        storeUp.set(false);
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.at("/checks/store/status").asText()).isEqualTo("down");
        assertThat(body.at("/checks/store/reason").asText()).isEqualTo("SQLException");
        assertThat(body.at("/checks/pangya/status").asText()).isEqualTo("up");
        assertThat(response.body()).doesNotContain("password");

        storeUp.set(true);
        assertThat(get("/health").statusCode()).as("recovers by itself").isEqualTo(200);
    }

    @Test
    void aCheckThatReportsDownDegradesToo() throws Exception {
        health.register("redis", () -> HealthStatus.down("no answer in 1s"));
        listener.route("GET", "/health", health);

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).at("/checks/redis/reason").asText()).isEqualTo("no answer in 1s");
    }

    @Test
    void metricsArePrometheusTextWithRegisteredAndJvmMeters() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
            registry.counter("revenant.test.logins", "service", "mig33").increment(3);
            listener.route("GET", "/metrics", new MetricsEndpoint(registry));

            HttpResponse<String> response = get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains(MetricsEndpoint.CONTENT_TYPE);
            assertThat(response.body())
                    .contains("# TYPE revenant_test_logins_total counter")
                    .contains("revenant_test_logins_total{service=\"mig33\"} 3.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_threads_live_threads")
                    .contains("process_uptime_seconds");
        } finally {
            registry.close();
        }
    }
}
