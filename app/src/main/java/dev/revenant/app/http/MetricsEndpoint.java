package dev.revenant.app.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the registry in the Prometheus text format, for a Prometheus server to scrape. */
public final class MetricsEndpoint implements RouteHandler {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response handle(Request request) {
        return Response.text(200, CONTENT_TYPE, registry.scrape());
    }
}
