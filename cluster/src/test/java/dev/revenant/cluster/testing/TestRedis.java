package dev.revenant.cluster.testing;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.core.secret.Tokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis a cluster test runs against: {@code -Drevenant.test.redis} or redis://127.0.0.1:6379. Each test
 * takes a community name of its own, so tests (and CI runs) never see each other's keys, and drops its keys
 * at the end. Without a Redis the tests are skipped on a developer's machine and fail in CI.
 */
public final class TestRedis {
    private TestRedis() {}

    public static String uri() {
        return System.getProperty("revenant.test.redis", "redis://127.0.0.1:6379");
    }

    /** The cluster section of a test of its own (fast heartbeats), on the test Redis; skips without one. */
    public static ClusterConfig fresh() {
        requireReachable();
        return ClusterConfig.defaults().withRedis(uri()).withName("t_" + Tokens.hex(5))
                .withTimes(Duration.ofMillis(500), Duration.ofSeconds(3));
    }

    private static void requireReachable() {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().ping();
        } catch (RuntimeException e) {
            String message = "no Redis at " + uri() + " (-Drevenant.test.redis): " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        } finally {
            client.shutdown();
        }
    }

    /** Deletes every key of the community {@code name}. */
    public static void drop(String name) {
        RedisClient client = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = c.sync().scan(cursor, ScanArgs.Builder.matches(name + ":*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    c.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
