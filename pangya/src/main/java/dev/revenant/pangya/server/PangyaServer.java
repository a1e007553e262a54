package dev.revenant.pangya.server;

import dev.revenant.cluster.RedisLoginAttempts;
import dev.revenant.cluster.RedisNode;
import dev.revenant.core.limits.LoginAttempts;
import dev.revenant.core.limits.LoginThrottle;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.net.TcpService;
import dev.revenant.core.secret.Tokens;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.work.Workers;
import dev.revenant.pangya.PangyaConfig;
import dev.revenant.pangya.ServerListing;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.crypto.ClientFrameCipher;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.crypto.ServerFrameCipher;
import dev.revenant.pangya.login.Accounts;
import dev.revenant.pangya.login.GameSession;
import dev.revenant.pangya.login.IssuedKeys;
import dev.revenant.pangya.login.LoginService;
import dev.revenant.pangya.store.AccountStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PangYa LoginService: what the app wires. {@link #start()} loads and checks the key tables (a
 * {@link dev.revenant.pangya.crypto.KeyTablesException} says how to supply them), migrates the PangYa tables
 * and listens.
 */
public final class PangyaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PangyaServer.class);
    /** The pipeline's stages: the read timeout (pre-login, then idle), frames in, frames out, the conversation. */
    static final String TIMEOUT = "timeout";
    static final String FRAMES = "frames";
    static final String ENCODER = "encoder";
    static final String LOGIN = "login";

    private final PangyaConfig config;
    private final Database database;
    private final SessionRegistry registry;
    private final NetLoops loops;
    private final ExecutorService workers;
    private final MeterRegistry meters;
    private final Profile profile;
    private final IssuedKeys keys;
    private final AtomicBoolean maintenance;
    /** This node's seat in a community of several on Redis, or null (one node). */
    private final RedisNode cluster;
    private TcpService tcp;
    /** Password checks (bcrypt), apart from the workers: see {@code PangyaConfig.passwordHashThreads}. */
    private ExecutorService hashing;
    private UnaryOperator<Accounts> accountsView = UnaryOperator.identity();

    public PangyaServer(PangyaConfig config, Database database, SessionRegistry registry, NetLoops loops,
                        ExecutorService workers, MeterRegistry meters) {
        this(config, database, registry, loops, workers, meters, null);
    }

    /**
     * A LoginService that is one node of several: {@code cluster} (null: one node) holds the failed-login counts
     * the nodes share; {@code registry} is then the cluster's.
     */
    public PangyaServer(PangyaConfig config, Database database, SessionRegistry registry, NetLoops loops,
                        ExecutorService workers, MeterRegistry meters, RedisNode cluster) {
        this.cluster = cluster;
        this.config = config;
        this.database = database;
        this.registry = registry;
        this.loops = loops;
        this.workers = workers;
        this.meters = meters;
        this.profile = config.resolvedProfile();
        this.keys = new IssuedKeys(registry, config.loginKeyTtl(), config.sessionKeyTtl(), Clock.systemUTC(),
                config.loginKeyLength());
        this.maintenance = new AtomicBoolean(config.maintenance());
    }

    /**
     * Puts a view in front of the account store, before {@link #start()}. Only the load generator uses it,
     * to measure the login path without password hashing; production wiring never calls it.
     */
    public PangyaServer accountsView(UnaryOperator<Accounts> view) {
        this.accountsView = view;
        return this;
    }

    /** Loads the key tables, migrates, listens. Throws with an operator-readable message if it cannot. */
    public synchronized void start() {
        if (tcp != null) {
            throw new IllegalStateException("PangYa LoginService already started");
        }
        KeyTables tables = KeyTables.load(config.keys().isBlank() ? null : Path.of(config.keys()));
        log.info("event=pangya_keys_loaded file={} sha256={} known={}", config.keys(), tables.sha256(), tables.known());
        if (!tables.known()) {
            log.warn("event=pangya_keys_unknown sha256={} expected={} note=clients_may_fail_the_check_byte",
                    tables.sha256(), KeyTables.KNOWN_SHA256);
        }
        database.migrate("pangya");
        Accounts accounts = accountsView.apply(new AccountStore(database, config.passwordHashCost()));
        hashing = Workers.pool("pangya-password", config.passwordHashThreads(), config.passwordHashQueue());
        // on several nodes the counts are the community's, in Redis: else N nodes would allow N times the guesses
        // (a threshold of 0 or less locks nobody out, in either)
        LoginAttempts failures = cluster != null
                ? new RedisLoginAttempts(cluster, LoginService.SERVICE, config.loginFailuresBeforeLockout(),
                        LoginService.LOCKOUT, LoginService.MAX_LOCKOUT, Clock.systemUTC(), config.loginRecords())
                : new LoginThrottle(config.loginFailuresBeforeLockout(), LoginService.LOCKOUT, LoginService.MAX_LOCKOUT,
                        Clock.systemUTC(), config.loginRecords());
        List<dev.revenant.pangya.codec.ServerEntry> configured = config.gameServers().stream().map(ServerListing::toEntry).toList();
        // on several nodes, game servers may announce themselves in Redis (docs/PANGYA.md)
        java.util.function.Supplier<List<dev.revenant.pangya.codec.ServerEntry>> gameServers = cluster != null
                ? new GameServerHeartbeats(cluster, configured) : () -> configured;
        LoginService service = new LoginService(profile, accounts, keys, registry, gameServers,
                config.messageServers().stream().map(ServerListing::toEntry).toList(),
                maintenance::get, meters, failures, hashing);
        ClientFrameCipher clientCipher = new ClientFrameCipher(tables);
        ServerFrameCipher serverCipher = new ServerFrameCipher(tables);
        tcp = new TcpService("pangya", List.of(new InetSocketAddress(config.host(), config.port())), loops,
                new WriteBufferWaterMark(32 * 1024, 64 * 1024), ch -> pipeline(ch, service, clientCipher, serverCipher));
        tcp.start();
        meters.gauge("revenant.pangya.connections", tcp.connections(), java.util.Set::size);
        log.info("event=pangya_started address={} profile={} gameServers={} messageServers={}", boundAddress(),
                profile.name(), config.gameServers().size(), config.messageServers().size());
    }

    private void pipeline(SocketChannel ch, LoginService service, ClientFrameCipher clientCipher,
                          ServerFrameCipher serverCipher) {
        int key = Tokens.nextInt(16); // a fresh key 0..15 for each connection (spec §2.2)
        ClientFrameDecoder decoder = new ClientFrameDecoder(clientCipher, key, profile, config.preLoginMaxFrame());
        ch.pipeline()
                .addLast(TIMEOUT, new ReadTimeoutHandler(config.preLoginReadTimeoutSeconds(), TimeUnit.SECONDS))
                .addLast(FRAMES, decoder)
                .addLast(ENCODER, new ServerFrameEncoder(serverCipher, key, profile))
                .addLast(LOGIN, new LoginChannelHandler(service, decoder, Hello.encode(key, config.helloServerId()),
                        config.idleTimeoutSeconds(), workers, meters, config.packetsPerSecond()));
    }

    /** The address actually bound (the real port when 0 was configured). */
    public InetSocketAddress boundAddress() {
        if (tcp == null) {
            throw new IllegalStateException("PangYa LoginService not started");
        }
        return tcp.boundAddresses().get(0);
    }

    /**
     * The check a game server makes (through the app's HTTP listener): the session behind a key issued in
     * answer to SelectServer 0x0003, while it is valid. Checking does not use the key up.
     */
    public Optional<GameSession> checkSessionKey(String sessionKey) {
        return keys.checkSessionKey(sessionKey);
    }

    /**
     * A game server checks the key a player brought it (the key-check API): the player's session stays open on
     * that game server until it reports the session closed ({@link #gameSessionClosed}).
     */
    public Optional<GameSession> takeSessionKey(String sessionKey) {
        return keys.takeSessionKey(sessionKey);
    }

    /** A game server reports that the player it took {@code sessionKey} from has left; false for an unknown key. */
    public boolean gameSessionClosed(String sessionKey) {
        return keys.gameSessionClosed(sessionKey);
    }

    /** Maintenance mode: logins are answered with the profile's maintenance error. Takes effect at once. */
    public void maintenance(boolean on) {
        maintenance.set(on);
        log.info("event=pangya_maintenance on={}", on);
    }

    public boolean maintenance() {
        return maintenance.get();
    }

    public Profile profile() {
        return profile;
    }

    /** Stops listening and closes every connection (their sessions are released as they close). */
    @Override
    public synchronized void close() {
        if (tcp != null) {
            tcp.close();
            tcp = null;
            log.info("event=pangya_stopped");
        }
        if (hashing != null) {
            // a check still running answers a closed connection; it takes milliseconds, so wait for it
            // before the caller closes the store under it
            hashing.shutdown();
            try {
                hashing.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hashing = null;
        }
    }
}
