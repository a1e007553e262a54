package dev.revenant.pangya.server;

import dev.revenant.cluster.RedisNode;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.session.InMemorySessionRegistry;
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

/** A real PangyaServer on 127.0.0.1 and an ephemeral port, its store, and the clients a test opens. */
final class PangyaTestServer implements AutoCloseable {
    static final ServerListing MESSENGER = new ServerListing("Messenger", 30301, "127.0.0.1", 30303, 8000, 0x1000, 0, 0, 0, 0, 0);

    final Database database;
    final AccountAdmin admin;
    final AccountStore store;
    final InMemorySessionRegistry registry = new InMemorySessionRegistry();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PangyaServer server;
    final Profile profile;
    private final NetLoops loops = new NetLoops(1);
    private final ExecutorService workers = Workers.pool("pangya-test", 2, 1000);
    private final List<PangyaClient> clients = new ArrayList<>();

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
        server = new PangyaServer(config, database, registry, loops, workers, meters, cluster);
        server.start();
        this.profile = server.profile();
        admin = new AccountAdmin(database, 4);
        store = new AccountStore(database, 4);
    }

    PangyaClient client() {
        PangyaClient c = PangyaClient.connect(server.boundAddress(), profile, TestKeys.tables(), Duration.ofSeconds(5));
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
        server.close();
        loops.close();
        // let a conversation still on a worker finish before its store goes away, as the app must too
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
