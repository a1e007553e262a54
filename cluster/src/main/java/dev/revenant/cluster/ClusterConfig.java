package dev.revenant.cluster;

import dev.revenant.core.config.Defaults;
import java.net.URI;
import java.time.Duration;

/**
 * Several nodes of one community on one Redis. Off (one node, no Redis) while {@code redis} is empty.
 *
 * @param redis the Redis URI ({@code redis://host:6379}); empty: clustering off
 * @param name the prefix of this community's keys and channels, so several communities may share a Redis
 * @param heartbeat how often a node renews its users' entries in the session directory
 * @param sessionTtl how long an entry lives unrenewed: a node killed without a word frees its users within it
 * @param deliveryTimeout a delivery to another node not confirmed within this counts as not delivered (stored)
 * @param commandTimeout a Redis command not answered within this fails
 */
public record ClusterConfig(String redis, String name, Duration heartbeat, Duration sessionTtl,
                            Duration deliveryTimeout, Duration commandTimeout) {
    /** The class-path resource with this section's defaults. */
    public static final String DEFAULTS_RESOURCE = "revenant-defaults/cluster.yml";

    public ClusterConfig {
        redis = redis == null ? "" : redis.strip();
        if (!redis.isEmpty()) {
            String scheme = URI.create(redis).getScheme();
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                throw new IllegalArgumentException("redis must be empty or a redis:// or rediss:// URI, not " + shown(redis));
            }
        }
        name = name == null ? "" : name.strip();
        if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("name must be 1 to 32 letters, digits, '_', '.' or '-', not " + name);
        }
        positive("heartbeat", heartbeat);
        positive("deliveryTimeout", deliveryTimeout);
        positive("commandTimeout", commandTimeout);
        if (sessionTtl == null || sessionTtl.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("sessionTtl must be at least twice the heartbeat (" + heartbeat
                    + "), not " + sessionTtl);
        }
    }

    private static void positive(String option, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new IllegalArgumentException(option + " must be a positive duration, not " + d);
        }
    }

    /** The built-in defaults: clustering off. */
    public static ClusterConfig defaults() {
        return Defaults.of(DEFAULTS_RESOURCE, "cluster", ClusterConfig.class);
    }

    public boolean enabled() {
        return !redis.isEmpty();
    }

    public ClusterConfig withRedis(String uri) {
        return new ClusterConfig(uri, name, heartbeat, sessionTtl, deliveryTimeout, commandTimeout);
    }

    public ClusterConfig withName(String prefix) {
        return new ClusterConfig(redis, prefix, heartbeat, sessionTtl, deliveryTimeout, commandTimeout);
    }

    public ClusterConfig withTimes(Duration beat, Duration ttl) {
        return new ClusterConfig(redis, name, beat, ttl, deliveryTimeout, commandTimeout);
    }

    /** The Redis address as logs and pages may show it: without its password. */
    public String redisShown() {
        return shown(redis);
    }

    static String shown(String uri) {
        return uri.replaceFirst("//[^@/]*@", "//***@");
    }
}
