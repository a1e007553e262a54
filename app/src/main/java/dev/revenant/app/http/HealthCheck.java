package dev.revenant.app.http;

/** One named part of {@code /health}: the store is reachable, a service's sessions, and so on. */
@FunctionalInterface
public interface HealthCheck {
    /** Should answer quickly; a check that throws counts as down. */
    HealthStatus check() throws Exception;
}
