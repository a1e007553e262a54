package dev.revenant.pangya.server;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.RedisSessionRegistry;
import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.SharedData;
import dev.revenant.core.testing.TestStores;
import dev.revenant.core.work.Workers;
import dev.revenant.pangya.PangyaConfig;
import dev.revenant.pangya.ServerListing;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.crypto.TestKeys;
import dev.revenant.pangya.store.AccountAdmin;
import dev.revenant.pangya.store.AccountStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A real PangyaServer on 127.0.0.1 and an ephemeral port, its store, and the clients a test opens. With
 * {@code -Drevenant.test.nodes=N} (N &gt; 1) it is N nodes of one community on the test Redis
 * ({@link TestRedis}) sharing the store: {@link #client} takes the nodes in turn, and {@link #server} and
 * {@link #registry} are the first node's (whose registry sees every node's sessions).
 */
final class PangyaTestServer implements AutoCloseable {
    static final ServerListing MESSENGER = new ServerListing("Messenger", 30301, "127.0.0.1", 30303, 8000, 0x1000, 0, 0, 0, 0, 0);

    final Database database;
    final AccountAdmin admin;
    final AccountStore store;
    final SessionRegistry registry;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PangyaServer server;
    final Profile profile;
    private final List<Node> nodes = new ArrayList<>();
    private final List<PangyaClient> clients = new ArrayList<>();
    /** The community of several nodes this test made (null: one node, or a node the test handed in). */
    private final ClusterConfig community;
    private int turn;

    /** One node: its threads, registry and server; its Redis node when the test server made one. */
    private record Node(NetLoops loops, ExecutorService workers, SessionRegistry registry, PangyaServer server,
                        RedisNode redis) {
        void close() {
            server.close();
            loops.close();
            // let a conversation still on a worker finish before its store goes away, as the app must too
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (redis != null) {
                ((RedisSessionRegistry) registry).close();
                redis.close();
            }
        }
    }

    PangyaTestServer(Path dir, String profile) {
        this(dir, profile, 10);
    }

    PangyaTestServer(Path dir, String profile, long preLoginTimeoutSeconds) {
        this(dir, profile, preLoginTimeoutSeconds, -1);
    }

    PangyaTestServer(Path dir, String profile, long preLoginTimeoutSeconds, int failuresBeforeLockout) {
        this(dir, profile, preLoginTimeoutSeconds, failuresBeforeLockout, TestStores.fresh());
    }

    /** A server on a given store, e.g. one a test can take away and bring back. */
    PangyaTestServer(Path dir, String profile, long preLoginTimeoutSeconds, int failuresBeforeLockout, DatabaseConfig where) {
        this(dir, profile, preLoginTimeoutSeconds, failuresBeforeLockout, where, null);
    }

    /** A server that is one node of a community on Redis ({@code cluster}; null: one node). */
    PangyaTestServer(Path dir, String profile, long preLoginTimeoutSeconds, int failuresBeforeLockout, DatabaseConfig where,
                     RedisNode cluster) {
        database = Database.open(where, dir);
        // the built-in defaults but for where it listens, the test's profile, timeout and lockout, a messenger,
        // and bcrypt's cheapest cost
        PangyaConfig d = PangyaConfig.defaults();
        PangyaConfig config = new PangyaConfig(true, "127.0.0.1", 0, SharedData.require("data/pangya/keys.bin").toString(),
                profile, d.profileOverrides(), d.gameServers(), List.of(MESSENGER), d.loginKeyTtlSeconds(),
                d.sessionKeyTtlSeconds(), d.preLoginMaxFrame(), preLoginTimeoutSeconds, d.idleTimeoutSeconds(),
                d.maintenance(), d.helloServerId(), 4, failuresBeforeLockout, d.packetsPerSecond(), d.loginKeyLength(),
                d.passwordHashThreads(), d.passwordHashQueue(), d.loginRecords());
        int size = cluster == null ? Integer.getInteger("revenant.test.nodes", 1) : 1;
        community = size > 1 ? TestRedis.fresh() : null;
        for (int i = 0; i < size; i++) {
            NetLoops loops = new NetLoops(1);
            ExecutorService workers = Workers.pool("pangya-test", 2, 1000);
            RedisNode redis = community != null ? RedisNode.connect(community) : null;
            RedisNode shared = redis != null ? redis : cluster;
            SessionRegistry registry = shared != null ? new RedisSessionRegistry(shared, workers) : new InMemorySessionRegistry();
            PangyaServer node = new PangyaServer(config, database, registry, loops, workers, meters, shared);
            node.start();
            nodes.add(new Node(loops, workers, registry, node, redis));
        }
        server = nodes.get(0).server();
        registry = nodes.get(0).registry();
        this.profile = server.profile();
        admin = new AccountAdmin(database, 4);
        store = new AccountStore(database, 4);
    }

    /** Maintenance on every node, as an operator sets pangya.maintenance on each. */
    void maintenance(boolean on) {
        nodes.forEach(n -> n.server().maintenance(on));
    }

    /** A client of the node whose turn it is. */
    PangyaClient client() {
        PangyaServer node = nodes.get(turn).server();
        turn = (turn + 1) % nodes.size();
        PangyaClient c = PangyaClient.connect(node.boundAddress(), profile, TestKeys.tables(), Duration.ofSeconds(5));
        clients.add(c);
        return c;
    }

    /** An account that finished first login: nickname and character set. */
    long returningPlayer(String username, String password, String nickname) {
        long id = admin.add(username, password);
        store.setNickname(id, nickname);
        store.setCharacter(id, 0x04000002L, 3);
        return id;
    }

    /** Waits (at most 5 s) for something the server does after a connection closes. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @Override
    public void close() {
        clients.forEach(PangyaClient::close);
        nodes.forEach(Node::close);
        database.close();
        if (community != null) {
            TestRedis.drop(community.name());
        }
    }
}
