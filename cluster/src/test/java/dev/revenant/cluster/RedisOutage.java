package dev.revenant.cluster;

import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.testing.OutageProxy;
import io.lettuce.core.RedisURI;

/**
 * A node of a test's community whose Redis has gone away: it joined through a relay that is then cut, so its
 * commands fail as they do in an outage (at once, or after the command timeout), while the test's other nodes
 * go on reaching Redis.
 */
final class RedisOutage implements AutoCloseable {
    private final OutageProxy relay;
    final RedisNode node;

    RedisOutage(ClusterConfig config) {
        RedisURI redis = RedisURI.create(TestRedis.uri());
        this.relay = OutageProxy.to(redis.getHost(), redis.getPort());
        this.node = RedisNode.connect(config.withRedis("redis://127.0.0.1:" + relay.port()));
        relay.cut();
    }

    @Override
    public void close() {
        node.close();
        relay.close();
    }
}
