package dev.revenant.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A configuration shaped like the server's, with every kind of value the loader supports. */
record SampleConfig(String name, Duration timeout, List<Integer> ports, DataSize frameLimit, boolean enabled,
        Worker worker, Map<String, String> labels) {
    static final String DEFAULTS = "dev/revenant/core/config/sample-defaults.yml";

    record Worker(Duration idleTimeout, int queueSize) {
        Worker {
            if (queueSize < 1) {
                throw new IllegalArgumentException("queueSize must be positive, not " + queueSize);
            }
        }
    }
}
