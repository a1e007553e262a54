package dev.revenant.pangya.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.cluster.RedisNode;
import dev.revenant.core.log.LogText;
import dev.revenant.pangya.ServerListing;
import dev.revenant.pangya.codec.ServerEntry;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The game-server list (0x0002) as the game servers themselves announce it, besides the configured one. A
 * game server of the community keeps a key alive in Redis while it runs:
 * {@code SET <cluster.name>:pangya:game-server:<id> '{"name":…,"id":…,"address":…,"port":…,"maxUsers":…,
 * "users":…}' EX 30}, renewed every ten seconds or so; a server that stops renewing drops off the list when the
 * key expires. The fields are those of {@code pangya.gameServers} (README), plus {@code users}, the players it
 * has now. A heartbeat's id replaces a configured server with the same id. Each node reads the keys every
 * {@link #EVERY}, so a login never waits for Redis, and keeps what it read last while Redis is away.
 */
final class GameServerHeartbeats implements Supplier<List<ServerEntry>> {
    private static final Logger log = LoggerFactory.getLogger(GameServerHeartbeats.class);
    static final Duration EVERY = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final RedisNode node;
    private final List<ServerEntry> configured;
    private volatile List<ServerEntry> current;
    /** A broken heartbeat is read again every refresh: said once in a while, not every time. */
    private final dev.revenant.core.limits.LogThrottle unreadable =
            new dev.revenant.core.limits.LogThrottle(Duration.ofMinutes(1), System::nanoTime);

    GameServerHeartbeats(RedisNode node, List<ServerEntry> configured) {
        this.node = node;
        this.configured = List.copyOf(configured);
        this.current = this.configured;
        refresh();
        node.every(EVERY, this::refresh);
    }

    /** The prefix of the heartbeat keys. */
    String prefix() {
        return node.key("pangya", "game-server", "");
    }

    @Override
    public List<ServerEntry> get() {
        return current;
    }

    /** Reads the heartbeats now (the timer does it every {@link #EVERY}). */
    void refresh() {
        Map<Long, ServerEntry> merged = new LinkedHashMap<>();
        configured.forEach(e -> merged.put(e.id(), e));
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = node.sync().scan(cursor, ScanArgs.Builder.matches(prefix() + "*").limit(200));
                if (!page.getKeys().isEmpty()) {
                    for (KeyValue<String, String> kv : node.sync().mget(page.getKeys().toArray(String[]::new))) {
                        ServerEntry e = kv.hasValue() ? parse(kv.getKey(), kv.getValue()) : null;
                        if (e != null) {
                            merged.put(e.id(), e);
                        }
                    }
                }
                cursor = page;
            } while (!cursor.isFinished() && merged.size() < 255);
        } catch (RedisException e) {
            return; // keep the last list; the node's outage is logged where it is felt first
        }
        // the client's list holds at most 255 servers (its count is a byte)
        current = new ArrayList<>(merged.values()).subList(0, Math.min(255, merged.size()));
    }

    private ServerEntry parse(String key, String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            ServerListing listing = JSON.treeToValue(tree, ServerListing.class);
            long users = Math.max(0, tree.path("users").asLong(0));
            ServerEntry e = listing.toEntry();
            return new ServerEntry(e.name(), e.id(), e.maxUsers(), users, e.address(), e.port(), e.flags(),
                    e.angelicWings(), e.boosts(), e.eventMap(), e.appRate(), e.icon());
        } catch (Exception e) {
            if (unreadable.admit() >= 0) {
                log.warn("event=pangya_heartbeat_unreadable key={} reason=\"{}\"", LogText.escape(key),
                        LogText.escape(e.getMessage()));
            }
            return null;
        }
    }
}
