package dev.revenant.app.http;

import java.util.Map;

/**
 * What one health check found.
 *
 * @param details extra facts shown next to the status ({@code sessions: 12}); never secrets
 */
public record HealthStatus(boolean healthy, Map<String, Object> details) {
    public HealthStatus {
        details = Map.copyOf(details);
    }

    public static HealthStatus up() {
        return new HealthStatus(true, Map.of());
    }

    public static HealthStatus up(Map<String, Object> details) {
        return new HealthStatus(true, details);
    }

    public static HealthStatus down(String reason) {
        return new HealthStatus(false, Map.of("reason", reason));
    }
}
