package dev.revenant.app.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"up"}} when every registered check is up, 503
 * {@code "degraded"} otherwise, with each check's status ({@code up}, {@code down} or {@code disabled}) and
 * details under {@code checks}.
 */
public final class HealthEndpoint implements RouteHandler {
    private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    // the last state of each check: a failing check is logged when it goes down, not on every probe
    private final Map<String, Boolean> wasUp = new ConcurrentHashMap<>();

    public HealthEndpoint register(String name, HealthCheck check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalStateException("health check " + name + " is already registered");
        }
        return this;
    }

    @Override
    public Response handle(Request request) {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean allUp = true;
        for (String name : new TreeSet<>(checks.keySet())) {
            HealthStatus status = run(name, checks.get(name));
            allUp &= status.healthy();
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("status", status.state());
            shown.putAll(status.details());
            results.put(name, shown);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "up" : "degraded");
        body.put("checks", results);
        return Response.json(allUp ? 200 : 503, body);
    }

    private HealthStatus run(String name, HealthCheck check) {
        HealthStatus status;
        try {
            status = check.check();
        } catch (Exception e) {
            // the exception's message may hold a URL or host name, so the client sees only its type
            status = HealthStatus.down(e.getClass().getSimpleName());
            if (!Boolean.FALSE.equals(wasUp.get(name))) {
                log.warn("health check failed check={}", name, e);
            }
        }
        Boolean before = wasUp.put(name, status.healthy());
        if (before != null && before != status.healthy()) {
            log.info("health check changed check={} up={}", name, status.healthy());
        }
        return status;
    }
}
