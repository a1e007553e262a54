package dev.revenant.mig33.conversation;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.Community;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.net.ConnectionGate;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.net.Transport;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.TestStores;
import dev.revenant.core.work.Workers;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.Mig33Gateway;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.config.Mig33Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole mig33 gateway on 127.0.0.1 and an ephemeral port, on a store of its own (H2 in a temporary
 * directory, or a fresh PostgreSQL schema under the services profile). It can be stopped and started
 * again on the same store, as a restarted server would be.
 *
 * <p>With {@code -Drevenant.test.nodes=N} (N &gt; 1) it is N nodes of one community on the test Redis
 * ({@link TestRedis}), each with its own event loops, workers, session registry and bus, sharing the store:
 * {@link #connect} and {@link #loggedIn} take the nodes in turn, so the users of a conversation are spread
 * over them, and every conversation test runs once more across nodes.
 */
public final class Mig33TestServer implements AutoCloseable {
    private final Path dataDir;
    private final DatabaseConfig store;
    private final Mig33Config config;
    private final List<Mig33Client> clients = new ArrayList<>();
    /** The server's metrics, kept across restarts. */
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** How many nodes serve the community (revenant.test.nodes). */
    private final int size;
    /** The nodes' event loops: the server's default ({@code auto}) unless a test names one. */
    private final Transport transport;
    private final ClusterConfig cluster;
    private Database database;
    private final List<Node> nodes = new ArrayList<>();
    /** The node the next connection goes to. */
    private int turn;
    private boolean running;

    /** One node: its own threads, registry and bus. */
    private record Node(NetLoops loops, ExecutorService workers, Mig33Gateway gateway, Community community) {
        void stop() {
            gateway.stop("Server shutting down");
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loops.close();
            if (community != null) {
                community.close();
            }
        }
    }

    public Mig33TestServer(Path dataDir, Mig33Config config) {
        this(dataDir, config, TestStores.fresh());
    }

    /** A server on a given store, e.g. one a test can take away and bring back. */
    public Mig33TestServer(Path dataDir, Mig33Config config, DatabaseConfig store) {
        this(dataDir, config, store, Integer.getInteger("revenant.test.nodes", 1), null);
    }

    /** {@code nodes} nodes of one community on the Redis at {@code redis}: a test's own, which it may restart. */
    public static Mig33TestServer community(Path dataDir, Mig33Config config, String redis, int nodes) {
        return new Mig33TestServer(dataDir, config, TestStores.fresh(), nodes, TestRedis.fresh().withRedis(redis));
    }

    /** One node, whatever {@code revenant.test.nodes} says: a test of what one node does with its own users. */
    public static Mig33TestServer oneNode(Path dataDir, Mig33Config config) {
        return new Mig33TestServer(dataDir, config, TestStores.fresh(), 1, null);
    }

    /** One node on {@code transport}'s event loops (the others run on the server's default, {@code auto}). */
    public static Mig33TestServer oneNode(Path dataDir, Mig33Config config, Transport transport) {
        return new Mig33TestServer(dataDir, config, TestStores.fresh(), 1, null, transport);
    }

    private Mig33TestServer(Path dataDir, Mig33Config config, DatabaseConfig store, int size, ClusterConfig cluster) {
        this(dataDir, config, store, size, cluster, Transport.choose("auto"));
    }

    private Mig33TestServer(Path dataDir, Mig33Config config, DatabaseConfig store, int size, ClusterConfig cluster,
                            Transport transport) {
        this.transport = transport;
        this.size = size;
        this.cluster = cluster != null ? cluster : size > 1 ? TestRedis.fresh() : null;
        this.dataDir = dataDir;
        this.store = store;
        Mig33Config.Http http = config.http();
        // mig33 over HTTP, when the test asks for it, on an ephemeral port too
        this.config = config.toBuilder().listen("127.0.0.1", List.of(0))
                .http(http.listens() ? new Mig33Config.Http(List.of(0), http.maxQueuedPackets(), http.sessionsPerAddress())
                        : http)
                .build();
        start();
    }

    public void start() {
        database = Database.open(store, dataDir);
        for (int i = 0; i < size; i++) {
            NetLoops loops = new NetLoops(1, ConnectionGate.unlimited(), transport);
            ExecutorService workers = Workers.pool("mig33-test", 4, 10_000);
            SecretBox secrets = SecretBox.open(dataDir.resolve("secret.key"));
            Community community = null;
            Mig33Gateway gateway;
            if (cluster != null) {
                community = Community.join(RedisNode.connect(cluster), workers, meters);
                gateway = new Mig33Gateway(config, database, secrets, community, loops, workers, meters);
            } else {
                SessionRegistry registry = new InMemorySessionRegistry();
                gateway = new Mig33Gateway(config, database, secrets, registry, new InMemoryMessageBus(registry), loops,
                        workers, meters);
            }
            gateway.start();
            nodes.add(new Node(loops, workers, gateway, community));
        }
        running = true;
    }

    /** How many nodes serve the community now. */
    public int size() {
        return nodes.size();
    }

    /**
     * Kills node {@code index} without a word, as a crash would: its Redis connection goes first, so nothing
     * it does after reaches the others and its users' entries in the session directory are left to expire,
     * then its connections drop. The other nodes go on; connections no longer go to it.
     */
    public void kill(int index) {
        Node dead = nodes.remove(index);
        turn = turn % nodes.size();
        dead.community().node().close();
        dead.loops().close();
        dead.workers().shutdownNow();
    }

    /**
     * Keeps every worker of every node busy until the returned handle is closed, as a store that stalls would
     * (each worker waits in a query): once this returns, no worker runs anything else.
     */
    public AutoCloseable occupyWorkers() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        for (Node node : nodes) {
            int threads = ((ThreadPoolExecutor) node.workers()).getMaximumPoolSize();
            CountDownLatch busy = new CountDownLatch(threads);
            for (int i = 0; i < threads; i++) {
                node.workers().execute(() -> {
                    busy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            busy.await();
        }
        return release::countDown;
    }

    /**
     * How many write system calls the first node's event loop has made so far (Linux: {@code syscw} of its
     * thread in {@code /proc/thread-self/io}), read on that loop: what a change to how answers are flushed shows.
     */
    public long ioThreadWriteCalls() throws Exception {
        return nodes.get(0).loops().workers().next().submit(() -> {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/thread-self/io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring("syscw:".length()).trim());
                }
            }
            throw new IllegalStateException("no syscw in /proc/thread-self/io");
        }).get();
    }

    /** Makes the store unreachable (its pool closes), as a database outage would. */
    public void loseStore() {
        database.close();
    }

    /** A graceful stop, as on SIGTERM. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        nodes.forEach(Node::stop);
        nodes.clear();
        database.close();
    }

    public void restart() {
        stop();
        start();
    }

    /** The first node's gateway address. */
    public InetSocketAddress address() {
        return gateway().boundAddresses().get(0);
    }

    /** The gateway address of the node whose turn it is, and the turn passes on. */
    private InetSocketAddress nextAddress() {
        Node node = nodes.get(turn);
        turn = (turn + 1) % nodes.size();
        return node.gateway().boundAddresses().get(0);
    }

    /** Where mig33 over HTTP listens (the test's configuration must name a port for it). */
    public InetSocketAddress httpAddress() {
        return gateway().httpAddresses().get(0);
    }

    /** A phone that reaches the gateway over HTTP only. */
    public HttpPhone httpPhone() {
        return new HttpPhone(httpAddress());
    }

    /** A new connection; closed with the server. */
    public Mig33Client connect() {
        Mig33Client c = Mig33Client.connect(nextAddress());
        clients.add(c);
        return c;
    }

    /** A new connection from another loopback address (e.g. "127.0.0.2"): another network to the server. */
    public Mig33Client connectFrom(String localHost) {
        Mig33Client c = Mig33Client.connect(nextAddress(), new java.net.InetSocketAddress(localHost, 0));
        clients.add(c);
        return c;
    }

    /** Where every node's pages and pictures say phones reach the HTTP listener. */
    public void httpUrl(String url) {
        nodes.forEach(n -> n.gateway().httpUrl(url));
    }

    /** The running gateway (its picture lookup, its stores); of several nodes, the first. */
    public Mig33Gateway gateway() {
        return nodes.get(0).gateway();
    }

    /** Plain SQL on the server's store (what someone with access to the database files could do). */
    public dev.revenant.core.store.Jdbc jdbc() {
        return new dev.revenant.core.store.Jdbc(database.dataSource());
    }

    /** Operator access to the same store. */
    public Mig33Admin admin() {
        return new Mig33Admin(database, SecretBox.open(dataDir.resolve("secret.key")), config.defaultGroupName());
    }

    /** The password the test users register with. */
    public static String password(String user) {
        return "S3cretPass";
    }

    /** Registers users over the protocol, as their phones would. */
    public void register(String... usernames) {
        try (Mig33Client c = Mig33Client.connect(address())) {
            for (String u : usernames) {
                c.register(u, password(u), "60123456789");
            }
        }
    }

    public Mig33Client loggedIn(String username) {
        Mig33Client c = connect();
        c.login(username, password(username), clientVersion, 1);
        return c;
    }

    /**
     * 4.05: the last generation with a contact request screen, told of requests by CONTACT_REQUEST (412);
     * clients from 4.10 on get a NOTIFICATION (14) instead. Conversations about requests log in as it.
     */
    public static final int REQUEST_SCREEN_CLIENT = 405;

    /** The client version {@link #loggedIn} logs in as (4.20, the public capture's, unless set). */
    private int clientVersion = 420;

    /**
     * Makes {@link #loggedIn} log in as {@code version}: e.g. 4.05, a client with the contact request screen
     * (clients from 4.10 on are told of requests by NOTIFICATION instead of CONTACT_REQUEST).
     */
    public Mig33TestServer clientVersion(int version) {
        this.clientVersion = version;
        return this;
    }

    @Override
    public void close() {
        clients.forEach(Mig33Client::close);
        stop();
        if (cluster != null) {
            TestRedis.drop(cluster.name());
        }
    }
}
