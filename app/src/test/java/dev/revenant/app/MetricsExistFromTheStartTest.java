package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 8: every series README's HTTP section documents is on {@code /metrics} from the start, at
 * zero, so that dashboards and alerts see a flat line rather than no data, even for PangYa while it is off.
 */
class MetricsExistFromTheStartTest {
    @TempDir Path dataDir;

    /** The documented series: README, HTTP, {@code GET /metrics}. */
    static List<String> documented() {
        List<String> series = new ArrayList<>(List.of(
                "revenant_mig33_logins_total", "revenant_mig33_login_failures_total", "revenant_mig33_login_banned_total",
                "revenant_mig33_room_joins_total", "revenant_mig33_client_reports_total",
                "revenant_mig33_password_change_failures_total", "revenant_mig33_group_chats_live",
                "revenant_mig33_sessions", "revenant_pangya_connections", "revenant_cluster_redis_connected"));
        for (String path : List.of("online", "stored", "blocked", "box_full", "expired", "room", "group_chat")) {
            series.add("revenant_mig33_messages_total{path=\"" + path + "\"}");
        }
        for (String what : List.of("login", "registration", "password", "message", "request")) {
            series.add("revenant_mig33_rate_limited_total{what=\"" + what + "\"}");
        }
        for (String cause : List.of("idle", "framing", "slow_reader", "flood", "takeover", "overload", "server_error")) {
            series.add("revenant_mig33_disconnects_total{cause=\"" + cause + "\"}");
        }
        for (String path : List.of("online", "stored", "uploaded", "blocked", "box_full", "server_full")) {
            series.add("revenant_mig33_pictures_total{path=\"" + path + "\"}");
        }
        for (String event : List.of("created", "ended")) {
            series.add("revenant_mig33_group_chats_total{event=\"" + event + "\"}");
        }
        for (String outcome : List.of("sent", "accepted", "rejected")) {
            series.add("revenant_mig33_contact_requests_total{outcome=\"" + outcome + "\"}");
        }
        series.add("revenant_mig33_registrations_refused_total{why=\"captcha\"}");
        for (String outcome : List.of("delivered", "refused", "timed_out", "late", "uncertain")) {
            series.add("revenant_cluster_deliveries_total{outcome=\"" + outcome + "\"}");
        }
        series.add("revenant_cluster_acks_resent_total");
        series.add("revenant_mig33_http_sessions");
        for (String reason : List.of("unknown_session", "too_large", "framing", "sessions_per_address", "method",
                "malformed_http", "overload")) {
            series.add("revenant_mig33_http_refused_total{reason=\"" + reason + "\"}");
        }
        for (String outcome : List.of("success", "reconnect", "invalid_credentials", "locked_out", "banned",
                "duplicate_connection", "stale_session", "maintenance", "busy", "store_unavailable",
                "reconnect_locked_out", "reconnect_refused")) {
            series.add("revenant_pangya_logins_total{outcome=\"" + outcome + "\"}");
        }
        for (String cause : List.of("protocol", "failed_logins", "takeover", "store_unavailable", "flood", "bad_input",
                "idle", "busy", "server_error")) {
            series.add("revenant_pangya_disconnects_total{cause=\"" + cause + "\"}");
        }
        for (String reason : List.of("rate", "total", "per_address")) {
            series.add("revenant_connections_refused_total{reason=\"" + reason + "\"}");
        }
        for (String reason : List.of("header_timeout", "body_timeout", "idle", "too_large", "malformed", "pipelined")) {
            series.add("revenant_http_closed_total{reason=\"" + reason + "\"}");
        }
        return series;
    }

    @Test
    void everyDocumentedSeriesIsThereAtZeroBeforeAnythingHappens() throws Exception {
        RevenantConfig config = LocalConfig.of(dataDir, Map.of());
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            List<String> lines = metrics.body().lines().filter(l -> !l.startsWith("#")).toList();
            for (String series : documented()) {
                assertThat(lines).as(series).contains(series + " 0.0");
            }
        }
    }
}
