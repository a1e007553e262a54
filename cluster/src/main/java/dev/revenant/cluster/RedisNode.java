package dev.revenant.cluster;

import dev.revenant.core.log.LogText;
import dev.revenant.core.secret.Tokens;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one node of a community on Redis: its id (new at every start, so a restarted node never
 * mistakes a killed one's entries for its own), a connection for commands, one for subscriptions, and the
 * channels it listens on. While Redis is away Lettuce reconnects by itself and subscribes again; commands
 * fail at once meanwhile (not queued), so callers fall back to serving this node's users alone.
 */
public final class RedisNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisNode.class);

    private final ClusterConfig config;
    private final String id;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closing;
    /** How many times the command connection has connected again (Redis restarted, or the network failed). */
    private final java.util.concurrent.atomic.AtomicLong reconnections = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.List<Runnable> onReconnect = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long connectedAt = System.nanoTime();

    private RedisNode(ClusterConfig config, String id, RedisClient client, StatefulRedisConnection<String, String> connection,
                      StatefulRedisPubSubConnection<String, String> subscriptions) {
        this.config = config;
        this.id = id;
        this.client = client;
        this.connection = connection;
        this.subscriptions = subscriptions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-timer");
            t.setDaemon(true);
            return t;
        });
        // a SUBSCRIBE refused while Redis was away is not one Lettuce renews when it reconnects: renew them all
        client.addListener(new io.lettuce.core.RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
                if (connection == subscriptions && !channels.isEmpty()) {
                    subscriptions.async().subscribe(channels.keySet().toArray(String[]::new));
                }
                if (connection == subscriptions) {
                    log.info("event=cluster_redis_connected redis={}", config.redisShown());
                }
                if (connection == RedisNode.this.connection) {
                    connectedAt = System.nanoTime();
                    reconnections.incrementAndGet();
                    // Lettuce calls this on its I/O thread, before the connection takes commands: run the hooks after
                    try {
                        timer.execute(() -> onReconnect.forEach(RedisNode.this::guarded));
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        // closing
                    }
                }
            }

            @Override
            public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
                if (connection == subscriptions && !closing) {
                    log.warn("event=cluster_redis_lost redis={} (serving this node's users alone until it is back)",
                            config.redisShown());
                }
            }
        });
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Consumer<String> handler = channels.get(channel);
                if (handler == null) {
                    return; // unsubscribed while the message was on its way
                }
                try {
                    handler.accept(message);
                } catch (RuntimeException e) {
                    // one bad message must not stop the node's listening
                    log.warn("event=cluster_message_failed channel={}", LogText.escape(channel), e);
                }
            }
        });
    }

    /**
     * Connects to the configured Redis.
     *
     * @throws IllegalStateException naming the address (never its password) when Redis does not answer
     */
    public static RedisNode connect(ClusterConfig config) {
        RedisURI uri = RedisURI.create(config.redis());
        uri.setTimeout(config.commandTimeout());
        // Lettuce's default backoff grows to 30 s between attempts: a node would stay alone long after Redis is
        // back. One second at most keeps the community's outage close to Redis's own
        io.lettuce.core.resource.ClientResources resources = io.lettuce.core.resource.DefaultClientResources.builder()
                .reconnectDelay(io.lettuce.core.resource.Delay.exponential(java.time.Duration.ofMillis(50),
                        java.time.Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while Redis is away a command fails at once instead of waiting in a queue: the caller
                // serves this node's users alone (and stores what it cannot deliver)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            StatefulRedisPubSubConnection<String, String> subscriptions = client.connectPubSub();
            String id = hostName() + '-' + Tokens.hex(3);
            log.info("event=cluster_joined redis={} name={} node={}", config.redisShown(), config.name(), id);
            return new RedisNode(config, id, client, connection, subscriptions);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + config.redisShown() + " (cluster.redis): "
                    + e.getMessage(), e);
        }
    }

    /** The host's short name, as an operator recognises a node (letters, digits and '-' only). */
    private static String hostName() {
        String name;
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            name = "node";
        }
        name = name.replaceFirst("\\..*", "").replaceAll("[^A-Za-z0-9-]", "");
        return name.isEmpty() ? "node" : name.substring(0, Math.min(name.length(), 24));
    }

    /** This node's id: its host's name and a part new at every start. */
    public String id() {
        return id;
    }

    public ClusterConfig config() {
        return config;
    }

    /** A key or channel name of this community: its name, then the parts, joined by ':'. */
    public String key(String... parts) {
        return config.name() + ':' + String.join(":", parts);
    }

    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /**
     * Makes sure every node holds the same value of something they must share (the mark of secret.key): the
     * first node to ask sets it; a node with another value is refused.
     *
     * @throws IllegalStateException when the community's value differs from {@code value}
     */
    public void agree(String what, String value) {
        String key = key("agreed", what);
        sync().setnx(key, value);
        String theirs = sync().get(key);
        if (!value.equals(theirs)) {
            throw new IllegalStateException(what);
        }
    }

    /**
     * How many times the command connection has connected again since the start. Something written to Redis
     * before a change of this number may be gone (a restarted Redis keeps nothing) or may never have reached its
     * listeners (a message in Redis's buffers when it died).
     */
    public long reconnections() {
        return reconnections.get();
    }

    /** How long the command connection has been up (zero while Redis is away). */
    public java.time.Duration upFor() {
        return connection.isOpen() ? java.time.Duration.ofNanos(System.nanoTime() - connectedAt) : java.time.Duration.ZERO;
    }

    /**
     * Runs {@code task} each time the command connection has connected again (on the node's timer, in the order
     * the tasks were given): Redis may have restarted and lost what the node wrote there.
     */
    public void onReconnect(Runnable task) {
        onReconnect.add(task);
    }

    /** Whether commands can be sent now (the connection for subscriptions may still be reconnecting). */
    public boolean commandsUp() {
        return connection.isOpen();
    }

    /** Whether both connections are up now. */
    public boolean up() {
        return connection.isOpen() && subscriptions.isOpen();
    }

    /** Listens on a channel; messages arrive in order on one thread. */
    public void listen(String channel, Consumer<String> handler) {
        channels.put(channel, handler);
        try {
            subscriptions.async().subscribe(channel);
        } catch (io.lettuce.core.RedisException e) {
            // Redis is away: the channel is subscribed again with the others when it is back
        }
    }

    /** Stops listening on a channel. */
    public void stopListening(String channel) {
        channels.remove(channel);
        try {
            subscriptions.async().unsubscribe(channel);
        } catch (io.lettuce.core.RedisException e) {
            // Redis is away: a new connection subscribes only to the channels still listened to
        }
    }

    /**
     * Returns once Redis has handled every subscription change asked of it so far (one connection keeps order):
     * a caller that has just subscribed (a chat room's first participant on this node) hears from then on what
     * other nodes publish.
     */
    public void settled() {
        subscriptions.sync().ping();
    }

    /** Runs {@code task} once, after {@code delay}, unless the node closes first. */
    public void after(java.time.Duration delay, Runnable task) {
        try {
            timer.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Runs {@code task} every {@code period} until the node closes. */
    public void every(java.time.Duration period, Runnable task) {
        timer.scheduleWithFixedDelay(() -> guarded(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a task of the timer: a failure is logged, and the timer goes on with the others. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the pool the task hands its work to is closing: so is this process
            log.debug("event=cluster_task_refused", e);
        } catch (RuntimeException e) {
            log.warn("event=cluster_task_failed", e);
        }
    }

    @Override
    public void close() {
        closing = true; // the connections' ends are ours, not a lost Redis
        timer.shutdownNow();
        subscriptions.close();
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
        log.info("event=cluster_left node={}", id);
    }
}
