package dev.revenant.app.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/** The standard JVM and process meters (memory, GC, threads, classes, CPU, uptime). */
public final class JvmMetrics implements AutoCloseable {
    // the GC binder listens for GC notifications until it is closed
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private JvmMetrics() {}

    /** Binds them to {@code registry}; close the result on shutdown. */
    public static JvmMetrics bindTo(MeterRegistry registry) {
        JvmMetrics metrics = new JvmMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        metrics.gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return metrics;
    }

    @Override
    public void close() {
        gc.close();
    }
}
