package dev.revenant.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;

/**
 * This process's part in a community of several nodes: its connections to the community's Redis, and the
 * session directory and message bus that run on them. A protocol's wiring takes the whole, so that it never
 * has to ask whether the registry it was handed is the shared one.
 */
public record Community(RedisNode node, RedisSessionRegistry registry, RedisMessageBus bus) implements AutoCloseable {

    /**
     * @param work where sessions are handed what other nodes send them (never Lettuce's I/O thread)
     * @param meters where this node counts its deliveries to other nodes ({@link ClusterMetrics})
     */
    public static Community join(RedisNode node, Executor work, MeterRegistry meters) {
        RedisSessionRegistry registry = new RedisSessionRegistry(node, work, meters);
        return new Community(node, registry, new RedisMessageBus(node, registry));
    }

    /** Leaves: this node's directory entries go at once, then the connections close. */
    @Override
    public void close() {
        registry.close();
        node.close();
    }
}
