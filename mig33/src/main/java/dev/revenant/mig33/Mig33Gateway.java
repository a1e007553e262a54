package dev.revenant.mig33;

import dev.revenant.cluster.Community;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.server.Mig33HttpServer;
import dev.revenant.mig33.server.Mig33Server;
import dev.revenant.mig33.server.Mig33WebSocket;
import dev.revenant.mig33.service.Mig33Service;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.store.JdbcAccountStore;
import dev.revenant.mig33.store.JdbcChatRoomStore;
import dev.revenant.mig33.store.JdbcContactRequestStore;
import dev.revenant.mig33.store.JdbcContactStore;
import dev.revenant.mig33.store.JdbcOfflineMessageStore;
import dev.revenant.mig33.store.JdbcPermissionStore;
import dev.revenant.mig33.store.JdbcPictureStore;
import dev.revenant.mig33.store.JdbcProfileStore;
import dev.revenant.mig33.store.SealedPasswords;
import dev.revenant.mig33.store.StoredPicture;
import dev.revenant.mig33.web.WebPage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the mig33 gateway together: its tables, stores, service and listening server. */
public final class Mig33Gateway implements AutoCloseable {
    private final Mig33Server server;
    /** mig33 over HTTP; null unless {@code mig33.http.ports} names a port. */
    private final Mig33HttpServer http;
    /** mig33 over WebSocket, which the HTTP listener serves; null when {@code mig33.webSocket} is off. */
    private final Mig33WebSocket webSocket;
    private final Mig33Context context;
    private final Mig33Service service;
    private final NetLoops loops;
    private final Executor workers;
    /** The hourly sweep of what has outlived its bounds; null until started. */
    private volatile ScheduledFuture<?> sweeping;
    /** How often expired messages and unused rooms are looked for. */
    static final Duration SWEEP_EVERY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Mig33Gateway.class);

    public Mig33Gateway(Mig33Config config, Database database, SecretBox secrets, SessionRegistry registry,
                        MessageBus bus, NetLoops loops, Executor workers, MeterRegistry meters) {
        this(config, database, secrets, registry, bus, loops, workers, meters, null);
    }

    /** A gateway that is one node of several: the community holds the registry, the bus and the shared live state. */
    public Mig33Gateway(Mig33Config config, Database database, SecretBox secrets, Community community, NetLoops loops,
                        Executor workers, MeterRegistry meters) {
        this(config, database, secrets, community.registry(), community.bus(), loops, workers, meters, community);
    }

    private Mig33Gateway(Mig33Config config, Database database, SecretBox secrets, SessionRegistry registry,
                         MessageBus bus, NetLoops loops, Executor workers, MeterRegistry meters, Community cluster) {
        SealedPasswords.migrate(database, secrets);
        Jdbc jdbc = new Jdbc(database.dataSource());
        Clock clock = Clock.systemUTC();
        this.context = new Mig33Context(config, new JdbcAccountStore(jdbc, clock), new JdbcContactStore(jdbc, clock),
                new JdbcOfflineMessageStore(jdbc, config.offlineMessagesPerCommit(),
                        config.offlineMessageWriters()), secrets, registry, bus, workers, clock, meters,
                new JdbcContactRequestStore(jdbc), new JdbcPermissionStore(jdbc, clock), new JdbcProfileStore(jdbc),
                new JdbcPictureStore(jdbc),
                new JdbcChatRoomStore(jdbc, clock), cluster);
        this.service = new Mig33Service(context);
        this.loops = loops;
        this.workers = workers;
        this.server = new Mig33Server(config, service, loops, workers, meters);
        this.http = config.http().listens()
                ? new Mig33HttpServer(config, service, loops, workers, meters) : null;
        this.webSocket = config.webSocket() ? new Mig33WebSocket(config, service, workers, meters) : null;
        meters.gauge("revenant.mig33.sessions", registry, r -> r.count(Mig33Context.SERVICE));
        if (http == null) {
            // the HTTP transport's own gauge when it runs; a flat zero when it does not
            Gauge.builder("revenant.mig33.http.sessions", () -> 0).register(meters);
        }
        Mig33Metrics.register(meters);
    }

    public void start() {
        server.start();
        if (http != null) {
            http.start();
        }
        // the timer only hands the sweep to the workers: it reads and deletes in the store
        long every = SWEEP_EVERY.toMillis();
        sweeping = loops.timer().scheduleAtFixedRate(() -> workers.execute(this::sweepNow),
                Duration.ofMinutes(1).toMillis(), every, TimeUnit.MILLISECONDS);
    }

    private void sweepNow() {
        try {
            sweep(context.clock().instant());
        } catch (RuntimeException e) {
            // a store outage: the next sweep tries again
            log.warn("event=sweep_failed reason=\"{}\"", LogText.escape(e.toString()));
        }
    }

    public List<InetSocketAddress> boundAddresses() {
        return server.boundAddresses();
    }

    /** Where mig33 over HTTP listens; empty when {@code mig33.http.ports} names none. */
    public List<InetSocketAddress> httpAddresses() {
        return http == null ? List.of() : http.boundAddresses();
    }

    /**
     * mig33 over WebSocket, for the HTTP listener to serve at {@link Mig33WebSocket#PATH}; empty when
     * {@code mig33.webSocket} is off.
     */
    public Optional<Mig33WebSocket> webSocket() {
        return Optional.ofNullable(webSocket);
    }

    /** Graceful stop: every connected user gets SESSION_TERMINATED with {@code reason}. */
    public void stop(String reason) {
        stopSweeping();
        server.stop(reason);
        if (http != null) {
            http.stop();
        }
    }

    /** Sends an announcement (ALERT) to {@code user}, or to everyone logged in when null; completes with how many got it. */
    public CompletableFuture<Integer> alert(String user, String title, String text) {
        return service.alert(user, title, text);
    }


    /**
     * Where phones reach the HTTP listener ({@code http://host:port}): pictures' URLs are
     * {@code <base>/files/<token>}, and LOGIN_OK's PageletUrl is {@code <base>/mig33/}.
     */
    public void httpUrl(String baseUrl) {
        service.web().set(baseUrl);
    }

    /**
     * A page or picture under {@code <base>/mig33/} (LOGIN_OK's PageletUrl, ImageServerURL, badge) for a phone
     * that fetches them itself, as the 4.x clients do over HTTP: what OPEN_URL gives for the same URL.
     */
    public WebPage web(String path) {
        return service.web(path);
    }

    /**
     * The username check the 4.30–4.62 registration makes on the web site ({@code registration_api},
     * {@code check_username}): "[]" when the name is free, else a bracketed list of free names to offer.
     */
    public String checkUsername(String username) {
        return service.checkUsername(username);
    }

    /**
     * A session's account page or one of its forms ({@code <base>/mig33/account/<token>...}, which GET_URL
     * hands to 3.x and 4.05), for phones that fetch it themselves: {@code tail} follows
     * {@code /mig33/account/}, {@code form} is what was sent to it; empty when no session here holds the token.
     */
    public Optional<WebPage> accountPage(String tail, Map<String, String> form) {
        return service.accountPage(tail, form);
    }

    /**
     * The page of a file someone sent, by the token of its page's URL ({@code <base>/view/<token>}, which
     * FILE_RECEIVED names), for phones that fetch it themselves; empty for a wrong token.
     */
    public Optional<WebPage> filePage(String token) {
        return service.filePage(token);
    }

    /** A picture by the token of its URL, with its bytes and content type; empty for a wrong token. */
    public Optional<StoredPicture> picture(String token) {
        return service.pictures().find(token);
    }

    /**
     * Deletes what has outlived its bounds as of {@code now}: waiting messages older than
     * {@code mig33.offlineMessageExpiry}, user-made rooms nobody joined for {@code mig33.roomExpiry}.
     */
    public void sweep(Instant now) {
        service.sweep(now.toEpochMilli());
    }

    private void stopSweeping() {
        ScheduledFuture<?> s = sweeping;
        if (s != null) {
            s.cancel(false);
        }
    }

    public Mig33Context context() {
        return context;
    }

    @Override
    public void close() {
        stopSweeping();
        if (http != null) {
            http.close();
        }
        server.close();
    }
}
