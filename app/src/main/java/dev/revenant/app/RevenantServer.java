package dev.revenant.app;

import dev.revenant.app.admin.Activity;
import dev.revenant.app.admin.AdminApi;
import dev.revenant.app.admin.AuditLog;
import dev.revenant.app.admin.ClientReports;
import dev.revenant.app.admin.ConsoleRoutes;
import dev.revenant.app.cli.BackupCommand;
import dev.revenant.app.cli.RunningServer;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.app.http.AdminToken;
import dev.revenant.app.http.FileEndpoint;
import dev.revenant.app.http.HealthEndpoint;
import dev.revenant.app.http.HealthStatus;
import dev.revenant.app.http.HttpListener;
import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.JvmMetrics;
import dev.revenant.app.http.MetricsEndpoint;
import dev.revenant.app.http.Response;
import dev.revenant.cluster.ClusterMetrics;
import dev.revenant.cluster.Community;
import dev.revenant.cluster.RedisNode;
import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.net.ConnectionGate;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.net.PortInUseException;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.DataDirectory;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.ServerLock;
import dev.revenant.core.work.Workers;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.Mig33Gateway;
import dev.revenant.mig33.Mig33Metrics;
import dev.revenant.mig33.server.Mig33WebSocket;
import dev.revenant.mig33.service.media.Pictures;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import dev.revenant.pangya.PangyaConfig;
import dev.revenant.pangya.login.LoginMetrics;
import dev.revenant.pangya.server.PangyaServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Revenant: the store, the session seams, both protocol services and the HTTP listener,
 * started in that order and stopped in reverse. PangYa without key tables at the default place is disabled
 * (said once; {@code /health} stays up); PangYa that was configured and cannot start is reported and left
 * out ({@code /health} degraded), and the rest keeps running.
 */
public final class RevenantServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevenantServer.class);
    static final String SHUTDOWN_REASON = "The server is shutting down for maintenance. Please log in again in a few minutes.";

    private final RevenantConfig config;
    /** This server's hold on its data directory, released at stop. */
    private final ServerLock lock;
    private final Database database;
    private final NetLoops loops;
    private final ExecutorService workers;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmMetrics jvm;
    /** This node's seat in a community of several, or null (cluster.redis empty). */
    private final RedisNode node;
    /** The session directory and bus on {@link #node}, or null. */
    private final Community community;
    private final SessionRegistry registry;
    private final MessageBus bus;
    private final HttpListener http;
    private Mig33Gateway mig33;
    private PangyaServer pangya;
    private String pangyaProblem;
    /** Why PangYa is off when that is no fault (switched off, or no key tables on this install); null otherwise. */
    private String pangyaOff;
    private boolean stopped;
    /** The console's figures over time and the clients' crash reports; null until started. */
    private Activity activity;
    private ClientReports reports;
    private java.util.concurrent.ScheduledFuture<?> sampling;
    /** Where admin commands find this server ({@code admin.url}), and what it says; null until the HTTP listener runs. */
    private Path endpointFile;
    private String endpoint;
    /** The MIDlets served over the air; null unless mig33.clientsDir names a directory. */
    private dev.revenant.app.midlet.MidletDownloads midlets;
    private java.util.function.UnaryOperator<dev.revenant.pangya.login.Accounts> pangyaAccountsView =
            java.util.function.UnaryOperator.identity();

    public RevenantServer(RevenantConfig config) {
        this.config = config;
        Path dataDir = config.dataDir();
        // the data directory holds the store, secret.key and admin.token: its owner only
        DataDirectory.prepare(dataDir);
        // before the store: a second server is told so at once, whatever store both name
        this.lock = ServerLock.take(dataDir);
        Database opened;
        try {
            opened = Database.open(config.database(), dataDir);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        this.database = opened;
        // before any thread starts: a node that cannot join its community stops here, having opened nothing else
        this.node = config.cluster().enabled() ? joinCluster(config, database, lock) : null;
        int cores = Runtime.getRuntime().availableProcessors();
        this.loops = new NetLoops(Math.max(1, cores),
                new ConnectionGate(config.limits(), meters, System::currentTimeMillis), config.net().chosen());
        // blocking work (JDBC, password hashing) needs more threads than cores, but never without bound
        this.workers = Workers.pool("worker", Math.max(8, cores * 4), 50_000);
        if (node != null) {
            this.community = Community.join(node, workers, meters);
            this.registry = community.registry();
            this.bus = community.bus();
        } else {
            this.community = null;
            this.registry = new InMemorySessionRegistry();
            this.bus = new InMemoryMessageBus(registry);
        }
        this.jvm = JvmMetrics.bindTo(meters);
        // every documented series at zero from the start, whichever protocols run (README, HTTP)
        Mig33Metrics.register(meters);
        LoginMetrics.register(meters);
        ClusterMetrics.register(meters); // at zero on a single node too
        // 1 while this node is connected to the community's Redis; 0 while it is not, and on a single node
        io.micrometer.core.instrument.Gauge.builder("revenant.cluster.redis.connected", () -> node != null && node.up() ? 1 : 0)
                .register(meters);
        // on the same event loops and connection limits as mig33 and PangYa; its handlers on the worker pool
        this.http = new HttpListener(config.http(), AdminToken.loadOrCreate(config.adminTokenPath()), loops, workers,
                meters);
    }

    /**
     * Connects to the community's Redis, on a store every node shares; else closes what the constructor
     * opened and says why.
     */
    private static RedisNode joinCluster(RevenantConfig config, Database database, ServerLock lock) {
        try {
            if (database.isEmbedded()) {
                throw new IllegalStateException("cluster.redis is set, but the store is the embedded database, which is"
                        + " this node's alone: nodes of one community share one PostgreSQL (database.url:"
                        + " jdbc:postgresql://host:5432/db); see docs/CLUSTER.md");
            }
            return RedisNode.connect(config.cluster());
        } catch (RuntimeException e) {
            database.close();
            lock.close();
            throw e;
        }
    }

    /** See {@link PangyaServer#accountsView}: the load generator's hashing-excluded measurement only. */
    public RevenantServer pangyaAccountsView(java.util.function.UnaryOperator<dev.revenant.pangya.login.Accounts> view) {
        this.pangyaAccountsView = view;
        return this;
    }

    /**
     * Starts every service.
     *
     * @throws IllegalStateException when a port is taken, naming it and the option that moves it
     */
    public void start() {
        try {
            startServices();
        } catch (PortInUseException e) {
            throw new IllegalStateException("cannot listen on " + PortInUseException.shown(e.address()) + " for "
                    + e.service() + ": the port is in use (by another program, or another server); choose another with "
                    + portOption(e.service()), e);
        }
    }

    private void zeroGauge(String name) {
        io.micrometer.core.instrument.Gauge.builder(name, () -> 0).register(meters);
    }

    /** The flag and the setting that choose a service's port. */
    private static String portOption(String service) {
        return switch (service) {
            case "mig33" -> "--mig33-port PORT (mig33.ports)";
            case "pangya" -> "--pangya-port PORT (pangya.port)";
            case "http" -> "--http-port PORT (http.port)";
            default -> "its port option";
        };
    }

    private void startServices() {
        log.info("event=starting data_dir={} store={}", config.dataDir().toAbsolutePath(), database.describe());
        SecretBox secrets = SecretBox.open(config.dataDir().resolve("secret.key"));
        if (node != null) {
            try {
                node.agree("secret.key", secrets.fingerprint());
            } catch (IllegalStateException e) {
                throw new IllegalStateException("this node's secret.key (" + config.dataDir().resolve("secret.key").toAbsolutePath()
                        + ") is not the one the other nodes of community '" + config.cluster().name() + "' hold: it seals"
                        + " the mig33 passwords in the store they share, so every node needs the same file; copy it from"
                        + " a running node's data directory (docs/CLUSTER.md)");
            }
        }
        if (config.mig33().enabled()) {
            mig33 = community != null
                    ? new Mig33Gateway(config.mig33(), database, secrets, community, loops, workers, meters)
                    : new Mig33Gateway(config.mig33(), database, secrets, registry, bus, loops, workers, meters);
            // URLs need the HTTP port; with port 0 it is known only once the listener runs (below)
            mig33.httpUrl(config.http().publicBase(config.http().port()));
            mig33.start();
        }
        PangyaConfig pc = config.pangya().withDataDir(config.dataDir());
        Path keys = pc.keys().isBlank() ? null : Path.of(pc.keys());
        if (!pc.enabled()) {
            pangyaOff = "pangya.enabled is false";
        } else if (config.pangya().keys().isBlank() && keys != null && Files.notExists(keys)) {
            // the key tables cannot ship: a fresh install has none, which is no fault. Tables the operator
            // named that are missing or broken are (below: degraded)
            pangyaOff = "no key tables at " + keys.toAbsolutePath();
            log.info("event=pangya_disabled reason=\"{}\" enable=\"put the 8192-byte key tables there, or name them with"
                    + " --pangya-keys FILE (pangya.keys); see docs/PANGYA.md; pangya.enabled=false says it is off on"
                    + " purpose\"", pangyaOff);
        } else {
            PangyaServer candidate = new PangyaServer(pc, database, registry, loops, workers, meters, node)
                    .accountsView(pangyaAccountsView);
            try {
                candidate.start();
                pangya = candidate;
            } catch (PortInUseException e) {
                candidate.close();
                throw e; // the operator asked for that port: not a PangYa that may be left out
            } catch (RuntimeException e) {
                candidate.close();
                pangyaProblem = e.getMessage();
                log.error("event=pangya_not_started reason=\"{}\" (mig33 keeps running)", e.getMessage());
            }
        }
        // the gauges of a protocol that does not run (its own registers them as it starts) read zero
        if (mig33 == null) {
            zeroGauge("revenant.mig33.sessions");
            zeroGauge("revenant.mig33.group_chats_live");
            zeroGauge("revenant.mig33.http.sessions");
        }
        if (pangya == null) {
            zeroGauge("revenant.pangya.connections");
        }
        HealthEndpoint health = new HealthEndpoint()
                .register("store", () -> database.reachable() ? HealthStatus.up() : HealthStatus.down("store unreachable"))
                .register("mig33", () -> HealthStatus.up(Map.of("enabled", mig33 != null,
                        "sessions", registry.count("mig33"))))
                .register("redis", () -> node == null ? HealthStatus.disabled("cluster.redis is empty: one node")
                        : node.up() ? HealthStatus.up(Map.of("node", node.id(), "redis", config.cluster().redisShown()))
                        : HealthStatus.down("no connection to Redis at " + config.cluster().redisShown()
                                + " (serving this node's users alone)"))
                .register("pangya", () -> pangyaOff != null ? HealthStatus.disabled(pangyaOff)
                        : pangyaProblem != null ? HealthStatus.down(pangyaProblem)
                        : HealthStatus.up(Map.of("enabled", true)));
        http.route("GET", "/health", health)
                .route("GET", "/metrics", new MetricsEndpoint(meters))
                // game servers check the session key a player brings (admin token: it names the player)
                .routeAdmin("GET", "/pangya/session-keys/", request -> {
                    if (pangya == null) {
                        throw new HttpProblem(503, "the PangYa LoginService is not running");
                    }
                    var session = pangya.takeSessionKey(request.rest())
                            .orElseThrow(() -> new HttpProblem(404, "unknown or expired session key"));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("valid", true);
                    body.put("userId", session.userId());
                    body.put("username", session.username());
                    body.put("nickname", session.nickname());
                    body.put("serverId", session.serverId());
                    body.put("expiresAt", session.expiresAt().toString());
                    return Response.json(200, body);
                })
                // the game server reports that the player left it: the session that key opened is closed, and
                // the player's next login needs no Ghost (docs/PANGYA.md)
                .routeAdmin("DELETE", "/pangya/session-keys/", request -> {
                    if (pangya == null) {
                        throw new HttpProblem(503, "the PangYa LoginService is not running");
                    }
                    if (!pangya.gameSessionClosed(request.rest())) {
                        throw new HttpProblem(404, "unknown or expired session key");
                    }
                    return Response.json(200, Map.of("closed", true));
                });
        // operator announcements (revenant alert) reach the live sessions

        AuditLog audit = new AuditLog(config.dataDir());
        // admin commands typed while this server holds the embedded database run here (revenant user add ...)
        http.routeAdmin("POST", RunningServer.COMMANDS_PATH, new AdminCommandRoute(config, database, registry, audit));
        // revenant backup while this server holds the embedded database: H2 copies it under MVCC while we serve,
        // into the data directory, where the command (which reads the token there too) picks it up
        http.routeAdmin("POST", BackupCommand.BACKUP_PATH, request -> {
            if (!database.isEmbedded()) {
                throw new HttpProblem(400, "the store is " + database.describe() + ": back it up with its own tools (pg_dump)");
            }
            String name = BackupCommand.newCopyName();
            long started = System.nanoTime();
            database.backupTo(config.dataDir().resolve(name));
            log.info("event=backup_copied file={} millis={}", name, (System.nanoTime() - started) / 1_000_000);
            audit.record(AdminCommandRoute.operator(request), AdminCommandRoute.from(request), "backup", name, "ok");
            return Response.json(200, Map.of("file", name));
        });
        // the admin API and the web console (issue 15): the same token guards both
        Mig33Admin mig33Admin = new Mig33Admin(database, secrets, config.mig33().defaultGroupName(), registry);
        reports = new ClientReports(bus);
        activity = new Activity(registry, meters, bus, java.time.Clock.systemUTC(),
                () -> mig33Admin.rooms().stream().map(r -> dev.revenant.mig33.store.ChatRoomInfo.key(r.room())).toList());
        activity.listenToRooms();
        AdminApi api = new AdminApi(new AdminApi.Services(database, mig33Admin, registry, () -> config.pangya().gameServers(), pangya != null,
                audit, reports, activity, http.console(), node != null ? node.id() : nodeName()), new Mig33AlertRoute(() -> mig33));
        api.registerOn(http);
        // revenant alert's route, audited like the API's
        http.routeAdmin("POST", "/mig33/alert", api.alerts());
        new ConsoleRoutes(http.console(), audit).registerOn(http);
        long every = Activity.EVERY.toMillis();
        sampling = loops.timer().scheduleAtFixedRate(() -> workers.execute(activity::sample), every, every,
                TimeUnit.MILLISECONDS);
        // public, but the token in the path is the permission to view, so logs never show it
        if (mig33 != null) {
            Mig33Gateway gateway = mig33;
            // the web chat client, for members with only a browser: it talks mig33 over the WebSocket (below)
            if (gateway.webSocket().isPresent()) {
                new dev.revenant.app.chat.ChatRoutes(config.mig33().maxUploadBytes()).registerOn(http);
            }
            // every page and file a phone fetches itself is answered to POST as to GET: the MIDlets open an
            // output stream on their GETs, which Java's HttpURLConnection (under MicroEmulator and the emulators
            // built on it) turns into an empty POST (3.00's My Profile showed "There was an error loading the page")
            FileEndpoint files = new FileEndpoint(token ->
                    gateway.picture(token).map(p -> new FileEndpoint.ServedFile(p.contentType(), p.content())));
            http.routeSecretTail("GET", Pictures.FILES_PATH, files).routeSecretTail("POST", Pictures.FILES_PATH, files);
            // the page FILE_RECEIVED names ("View now?"), which 3.00-4.05 fetch themselves
            FileEndpoint pages = FileEndpoint.pages(token ->
                    gateway.filePage(token).map(p -> new FileEndpoint.ServedFile(p.contentType(), p.body())));
            http.routeSecretTail("GET", Pictures.VIEW_PATH, pages).routeSecretTail("POST", Pictures.VIEW_PATH, pages);
            // LOGIN_OK's home page, image server and badge, and the pages the 4.x clients name on its host
            // (/sites/index.php?c=migworld…), for phones that fetch them themselves (4.x over HTTP; 4.50 POSTs
            // its form data for a page: the body is not read)
            dev.revenant.app.http.RouteHandler web = request -> {
                if (request.queryParam("c").filter("registration_api"::equals).isPresent()
                        && request.queryParam("a").filter("check_username"::equals).isPresent()) {
                    // 4.50 and 4.62 check a new username on the web site before the gateway's registration form
                    return usernameCheck(gateway, request.queryParam("username").orElse(""));
                }
                var answer = gateway.web(request.path());
                return new dev.revenant.app.http.Response(200, answer.contentType(),
                        Map.of("Cache-Control", "max-age=3600", "X-Content-Type-Options", "nosniff"), answer.body());
            };
            http.route("GET", "/mig33/", web).route("POST", "/mig33/", web).route("GET", "/sites/", web)
                    .route("POST", "/sites/", web);
            // a session's account page and its forms (3.x My Account, 4.05 Manage Account and Edit Profile: GET_URL
            // hands out the address, the phone fetches it itself): the token in the path names the session, so logs
            // never show it; a form comes as the query or as a POST's fields
            dev.revenant.app.http.RouteHandler account = request -> {
                Map<String, String> form = request.body().length > 0 ? dev.revenant.mig33.service.Mig33Service.formOf(request.bodyText())
                        : request.query();
                return gateway.accountPage(request.rest(), form)
                        .map(page -> new dev.revenant.app.http.Response(200, page.contentType(),
                                Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff"), page.body()))
                        .orElseGet(() -> new dev.revenant.app.http.Response(404, WebPage.ACCOUNT_PAGE_GONE.contentType(),
                                Map.of("Cache-Control", "no-store"), WebPage.ACCOUNT_PAGE_GONE.body()));
            };
            http.routeSecretTail("GET", WebAddress.ACCOUNT_PATH, account).routeSecretTail("POST", WebAddress.ACCOUNT_PATH, account);
            // 4.30 asks the same question as /check_username/midlet/NAME
            // (the listener has decoded the path already; a broken escape was answered 400 before)
            dev.revenant.app.http.RouteHandler check = request -> usernameCheck(gateway,
                    request.rest().substring(request.rest().lastIndexOf('/') + 1));
            http.route("GET", "/check_username/", check).route("POST", "/check_username/", check);
            // mig33 in a browser: the same sessions over WebSocket, packets in their JSON form
            gateway.webSocket().ifPresent(ws -> http.webSocket(Mig33WebSocket.PATH, ws.maxMessageBytes(), ws::install));
        }
        http.start();
        endpoint = RunningServer.baseUrl(config.http().host(), http.port());
        endpointFile = RunningServer.recordEndpoint(config.dataDir(), endpoint);
        if (mig33 != null && !config.mig33().clientsDir().isEmpty()) {
            routeMidlets(Path.of(config.mig33().clientsDir()));
        }
        if (mig33 != null) {
            mig33.httpUrl(config.http().publicBase(http.port()));
            if (config.http().publicUrl().isEmpty()) {
                log.info("event=pictures_url base={} hint=\"phones reach pictures only if http.host and http.publicUrl"
                        + " name an address they can reach\"", config.http().publicBase(http.port()));
            }
        }
        log.info("event=started mig33={} mig33_http={} pangya={} http=127.0.0.1:{} transport={}", mig33Addresses(),
                mig33HttpAddresses().isEmpty() ? "off" : mig33HttpAddresses(),
                pangyaAddress().map(String::valueOf).orElse("off"), http.port(),
                loops.transport().label());
    }

    /** MIDlets over the air: {@code /get/}, once the HTTP listener's port (for its address) is known. */
    private void routeMidlets(Path dir) {
        midlets = new dev.revenant.app.midlet.MidletDownloads(dir, config.http().publicBase(http.port()),
                mig33Addresses().stream().map(InetSocketAddress::getPort).toList());
        String problem = midlets.problem();
        http.route("GET", "/get", midlets).route("GET", dev.revenant.app.midlet.MidletDownloads.PATH, midlets);
        if (!Files.isDirectory(dir)) {
            log.warn("event=midlets_not_served reason=\"mig33.clientsDir {} is not a directory\"", dir.toAbsolutePath());
        } else if (problem != null) {
            log.warn("event=midlets_not_served reason=\"{}\"", problem);
        } else {
            log.info("event=midlets_served dir={} url={}{}", dir.toAbsolutePath(), config.http().publicBase(http.port()),
                    dev.revenant.app.midlet.MidletDownloads.PATH);
        }
    }

    /**
     * Makes the MIDlets served over the air dial these gateway ports (the real-client harness, whose phones
     * reach the gateway through a relay); no effect without {@code mig33.clientsDir}.
     */
    public void midletsDial(int port, int fallbackPort) {
        if (midlets != null) {
            midlets.dial(java.util.List.of(port, fallbackPort));
        }
    }

    /** This machine's name, for the sessions list's node column (one node per server). */
    private static String nodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "local";
        }
    }

    /** Takes the console's activity sample now (tests: the timer takes one a minute). */
    public void sampleActivity() {
        activity.sample();
    }

    public java.util.List<InetSocketAddress> mig33Addresses() {
        return mig33 == null ? java.util.List.of() : mig33.boundAddresses();
    }

    /** Where mig33 over HTTP listens (mig33.http.ports); empty when it is off. */
    public java.util.List<InetSocketAddress> mig33HttpAddresses() {
        return mig33 == null ? java.util.List.of() : mig33.httpAddresses();
    }

    public Optional<InetSocketAddress> pangyaAddress() {
        return Optional.ofNullable(pangya).map(PangyaServer::boundAddress);
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * Graceful stop: no new connections; every mig33 user gets SESSION_TERMINATED; requests already
     * accepted finish (stored messages are committed); then the store closes.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("event=stopping");
        if (endpointFile != null) {
            // first, so that an admin command meanwhile is told the server is going rather than kept waiting
            RunningServer.forgetEndpoint(endpointFile, endpoint);
        }
        if (sampling != null) {
            sampling.cancel(false);
        }
        if (activity != null) {
            activity.close();
            reports.close();
        }
        if (mig33 != null) {
            mig33.stop(SHUTDOWN_REASON);
        }
        if (pangya != null) {
            pangya.close();
        }
        http.close();
        loops.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
                log.warn("event=workers_still_busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (community != null) {
            community.close();
        }
        jvm.close();
        database.close();
        lock.close();
        log.info("event=stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** The registration's username check (see Mig33Gateway.checkUsername), as plain text never cached. */
    private static dev.revenant.app.http.Response usernameCheck(Mig33Gateway gateway, String username) {
        return new dev.revenant.app.http.Response(200, "text/plain; charset=utf-8", Map.of("Cache-Control", "no-store"),
                gateway.checkUsername(username).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
