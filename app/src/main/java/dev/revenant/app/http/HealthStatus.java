package dev.revenant.app.http;

import java.util.Map;

/**
 * What one health check found.
 *
 * @param healthy whether the check lets {@code /health} say {@code up}
 * @param state what the check shows as its {@code status}: {@code up}, {@code down}, or {@code disabled} (a
 *     part switched off, or that cannot run on this install, which is no fault of the running server)
 * @param details extra facts shown next to the status ({@code sessions: 12}); never secrets
 */
public record HealthStatus(boolean healthy, String state, Map<String, Object> details) {
    public HealthStatus {
        details = Map.copyOf(details);
    }

    public static HealthStatus up() {
        return up(Map.of());
    }

    public static HealthStatus up(Map<String, Object> details) {
        return new HealthStatus(true, "up", details);
    }

    public static HealthStatus down(String reason) {
        return new HealthStatus(false, "down", Map.of("reason", reason));
    }

    public static HealthStatus disabled(String reason) {
        return new HealthStatus(true, "disabled", Map.of("reason", reason));
    }
}
