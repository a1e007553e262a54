package dev.revenant.cluster.testing;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.RedisSessionRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two nodes of one community of the test's own on the test Redis ({@link TestRedis}), with a small pool for
 * what the nodes hand their sessions. Their session registries are made on first use (a test of the
 * throttles wants no directory keys in Redis). Closing leaves the directory and drops every key.
 */
public final class TwoNodes implements AutoCloseable {
    public final ClusterConfig config;
    public final ExecutorService work = Executors.newFixedThreadPool(2);
    public final RedisNode nodeA;
    public final RedisNode nodeB;
    /** Where each node's registry counts its deliveries to the other. */
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry metersA = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry metersB = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private RedisSessionRegistry registryA;
    private RedisSessionRegistry registryB;
    private boolean aAlive = true;
    private boolean bAlive = true;

    private TwoNodes(ClusterConfig config) {
        this.config = config;
        this.nodeA = RedisNode.connect(config);
        this.nodeB = RedisNode.connect(config);
    }

    /** Two nodes of a fresh community; skipped without a Redis (failed in CI). */
    public static TwoNodes start() {
        return new TwoNodes(TestRedis.fresh());
    }

    public synchronized RedisSessionRegistry registryA() {
        if (registryA == null) {
            registryA = new RedisSessionRegistry(nodeA, work, metersA);
        }
        return registryA;
    }

    public synchronized RedisSessionRegistry registryB() {
        if (registryB == null) {
            registryB = new RedisSessionRegistry(nodeB, work, metersB);
        }
        return registryB;
    }

    /** Node A dies without a word: its connections and timer stop; what it wrote stays in Redis until it expires. */
    public void killA() {
        aAlive = false;
        nodeA.close();
    }

    /** Node B dies without a word, as {@link #killA}. */
    public void killB() {
        bAlive = false;
        nodeB.close();
    }

    @Override
    public void close() {
        if (aAlive) {
            if (registryA != null) {
                registryA.close();
            }
            nodeA.close();
        }
        if (bAlive) {
            if (registryB != null) {
                registryB.close();
            }
            nodeB.close();
        }
        work.shutdownNow();
        TestRedis.drop(config.name());
    }
}
