package dev.revenant.loadgen;

import dev.revenant.core.net.Transport;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.crypto.KeyTables;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code revenant bench}: the load generator. By default it starts a whole server in this process on a
 * temporary data directory (abuse limits opened for the test, and said so), creates the users in the
 * store, runs one scenario for a bounded time, prints a table and optionally writes JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure what one box carries (load stays on loopback).",
                "Scenarios: mig33-idle, mig33-chat, mig33-room, mig33-offline, pangya-login; baselines on a raw Netty server "
                        + "with mig33 framing: baseline-idle, baseline-chat, baseline-echo, baseline-connect (baseline-serve-echo and baseline-serve-relay "
                        + "run that server alone, for --target); pangya-serve (the in-process server alone, with "
                        + "--hashing, on --port for --duration: a --target for pangya-login --prime); prepare (create the "
                        + "bench users in --data-dir for a --target run)."})
public final class BenchCommand implements Callable<Integer> {
    /** Makes the in-process server; the app gives it (the load generator does not know the server's wiring). */
    private final LocalRevenant.Factory servers;

    @Parameters(index = "0", paramLabel = "SCENARIO")
    String scenario;

    @Option(names = "--users", description = "simulated users (default ${DEFAULT-VALUE})")
    int users = 1000;
    @Option(names = "--contacts", description = "contacts per user (default ${DEFAULT-VALUE})")
    int contacts = 20;
    @Option(names = "--rate", description = "messages per second per user (default ${DEFAULT-VALUE})")
    double rate = 1.0;
    @Option(names = "--room-size", description = "members per room (default ${DEFAULT-VALUE})")
    int roomSize = 50;
    @Option(names = "--concurrency", description = "PangYa logins / echo requests in flight (default ${DEFAULT-VALUE})")
    int concurrency = 16;
    @Option(names = "--ramp", description = "logins per second while connecting (default ${DEFAULT-VALUE})")
    int ramp = 1000;
    @Option(names = "--parallel", description = "logins in flight while connecting (default ${DEFAULT-VALUE})")
    int parallel = 32;
    @Option(names = "--sources", description = "source addresses 127.0.0.1..N (default ${DEFAULT-VALUE})")
    int sources = 8;
    @Option(names = "--client-threads", description = "generator event loops (default ${DEFAULT-VALUE})")
    int clientThreads = 2;
    @Option(names = "--ping-seconds", description = "idle: each session PINGs this often (default ${DEFAULT-VALUE})")
    int pingSeconds = 30;
    @Option(names = "--max-in-flight", description = "unanswered messages per sender before it skips (default ${DEFAULT-VALUE})")
    int maxInFlight = 16;
    // 3 s left the logins' aftermath (their collections, the JIT) in a slow machine's measured window
    @Option(names = "--warmup", description = "seconds sent but not measured, after the logins (default ${DEFAULT-VALUE})")
    int warmupSeconds = 10;
    @Option(names = "--duration", description = "measured seconds (default ${DEFAULT-VALUE})")
    int durationSeconds = 15;
    @Option(names = "--count", description = "stop after this many messages or logins (default: by time)")
    long count;
    @Option(names = "--hashing", description = "pangya-login: production (bcrypt cost 10 on every login) or "
            + "excluded (bcrypt on an account's first login only) (default ${DEFAULT-VALUE})")
    String hashing = "production";
    @Option(names = "--pangya-keys", description = "PangYa key tables (default: $REVENANT_PANGYA_KEYS)")
    Path pangyaKeys;
    @Option(names = "--prime", description = "pangya-login: log every account in once, untimed, before measuring "
            + "(implied by --hashing excluded; for a --target server that skips hashing after a first login)")
    boolean prime;
    @Option(names = "--pangya-profile", description = "pangya-login: the client profile, th829 or us852; the "
            + "in-process server runs the same one (default ${DEFAULT-VALUE})")
    String pangyaProfile = "th829";
    @Option(names = "--database-url", description = "the in-process server's store (default: embedded H2 in the "
            + "data directory), e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=bench")
    String databaseUrl;
    @Option(names = "--target", paramLabel = "HOST:PORT[,HOST:PORT…]", description = "a running server instead of one in "
            + "this process; several nodes of one community (mig33 scenarios): user i connects to the (i mod n)-th")
    String target;
    @Option(names = "--server-pid", paramLabel = "PID", description = "mig33-chat, mig33-room and the baselines with "
            + "--target: the server's process on this machine; the result then has the CPU it spent in the measured "
            + "window (serverCpuCores, serverCpuMicrosPerDelivery), as for a server in this process")
    Long serverPid;

    @Option(names = "--transport", description = "mig33-idle, mig33-chat: tcp (the gateway's port), http (mig33 over "
            + "HTTP with polling, mig33.http.ports) or websocket (/mig33/ws on the HTTP listener); with --target, the "
            + "target is where that transport listens (default ${DEFAULT-VALUE})")
    String transport = "tcp";
    @Option(names = "--poll-ms", description = "--transport http: a client with nothing to send polls this often "
            + "(default ${DEFAULT-VALUE})")
    int pollMillis = 1000;

    @Option(names = "--first-user", description = "mig33-idle against a --target: the bench user the first client logs in "
            + "as, so that several generator processes take a range each (default ${DEFAULT-VALUE})")
    int firstUser;
    @Option(names = "--port", description = "baseline-serve-*, pangya-serve: the port to listen on (default ${DEFAULT-VALUE})")
    int port = 19120;
    @Option(names = "--net-transport", description = "the event loops of the generator, of the in-process server and of "
            + "the raw baseline: auto "
            + "(epoll where Netty's native library loads, else NIO, as the server's net.transport), nio or epoll "
            + "(default ${DEFAULT-VALUE})")
    String netTransport = "auto";
    @Option(names = "--flush-per-read", description = "baseline-chat in process, baseline-serve-relay: the relay's OKs "
            + "for one read go out in one write at its end, as Revenant's gateway sends them (default: each flushed alone)")
    boolean flushPerRead;
    @Option(names = "--data-dir", description = "in-process server's data (default: a temporary directory, deleted)")
    Path dataDir;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the result as JSON")
    Path json;
    @Option(names = "--latency-log", paramLabel = "FILE", description = "mig33-chat, mig33-room, baseline-chat: also "
            + "write the latency over time, a CSV line per 100 ms of the run (wall-clock time, deliveries, p50, p99, "
            + "longest), to match a stall with a GC log")
    Path latencyLog;

    private PrintStream out = System.out;

    public BenchCommand(LocalRevenant.Factory servers) {
        this.servers = servers;
    }

    /** Tests read the table from here. */
    public BenchCommand output(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** The --server-pid process, or null without one. */
    private ProcessHandle serverProcess() {
        if (serverPid == null) {
            return null;
        }
        if (target == null) {
            throw new IllegalArgumentException("--server-pid measures a --target server; the one in this process is "
                    + "measured without it");
        }
        return ProcessHandle.of(serverPid).orElseThrow(() -> new IllegalArgumentException(
                "--server-pid " + serverPid + ": no such process on this machine"));
    }

    BenchSettings settings() {
        return new BenchSettings(users, contacts, rate, roomSize, concurrency, ramp, parallel, sources, clientThreads,
                Transport.choose(netTransport), pingSeconds, maxInFlight, Duration.ofSeconds(warmupSeconds),
                Duration.ofSeconds(durationSeconds), count,
                Mig33Transport.named(transport), Duration.ofMillis(Math.max(1, pollMillis)), latencyLog);
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings s = settings();
        if (s.transport() != Mig33Transport.TCP && !scenario.equals("mig33-idle") && !scenario.equals("mig33-chat")) {
            throw new IllegalArgumentException("--transport " + s.transport().label() + " applies to mig33-idle and "
                    + "mig33-chat only");
        }
        quietServerLogs();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("startedAt", Instant.now().toString());
        document.put("machine", Machine.describe());
        document.put("loadAverageAtStart", Machine.loadAverage());
        document.put("settings", s.asMap());
        BenchResult result;
        switch (scenario) {
            case "baseline-idle", "baseline-chat", "baseline-echo", "baseline-connect" -> result = baseline(s, document);
            case "baseline-serve-echo", "baseline-serve-relay" -> result = serveBaseline();
            case "mig33-idle", "mig33-chat", "mig33-room", "mig33-offline", "pangya-login", "pangya-serve", "prepare" ->
                    result = server(s, document);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario + " (see revenant bench --help)");
        }
        if (result == null) {
            return 0;
        }
        document.put("loadAverageAtEnd", Machine.loadAverage());
        result.printTable(out);
        document.put("result", result.asMap());
        if (json != null) {
            BenchResult.writeJson(json, document);
            out.println("bench: JSON written to " + json);
        }
        return 0;
    }

    private BenchResult baseline(BenchSettings s, Map<String, Object> document) {
        RawMig33Server.Mode mode = scenario.equals("baseline-chat") ? RawMig33Server.Mode.RELAY : RawMig33Server.Mode.ECHO;
        Mig33Scenarios mig33 = new Mig33Scenarios(s, out).serverInProcess(target == null).serverProcess(serverProcess());
        if (target != null) {
            // a raw server in its own process (baseline-serve-*), as the real one runs with --target
            document.put("target", "raw Netty server at " + target);
            out.println("bench: " + document.get("target") + " (start it afresh for each relay run: it pairs in accept order)");
            return baselineScenario(mig33, parseTarget(target), false);
        }
        int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Transport net = Transport.choose(netTransport);
        try (RawMig33Server raw = new RawMig33Server(mode, ioThreads, 0, flushPerRead, net)) {
            document.put("target", "raw Netty " + mode.name().toLowerCase() + " server in process, " + ioThreads + " I/O threads"
                    + (flushPerRead ? ", one flush per read" : "") + ", " + net.label());
            out.println("bench: " + document.get("target") + " on " + raw.address());
            return baselineScenario(mig33, raw.address(), true);
        }
    }

    private BenchResult baselineScenario(Mig33Scenarios mig33, InetSocketAddress address, boolean inProcess) {
        return switch (scenario) {
            case "baseline-idle" -> mig33.idle(address, true, inProcess);
            case "baseline-chat" -> mig33.chat(address, true);
            case "baseline-connect" -> mig33.connectEcho(address);
            default -> mig33.echo(address);
        };
    }

    /** Runs only the raw server, on --port, for --duration seconds: the baseline in its own process. */
    private BenchResult serveBaseline() throws InterruptedException {
        RawMig33Server.Mode mode = scenario.endsWith("relay") ? RawMig33Server.Mode.RELAY : RawMig33Server.Mode.ECHO;
        int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Transport net = Transport.choose(netTransport);
        try (RawMig33Server raw = new RawMig33Server(mode, ioThreads, port, flushPerRead, net)) {
            out.println("bench: raw Netty " + mode.name().toLowerCase() + " server" + (flushPerRead ? ", one flush per read," : "")
                    + " over " + net.label() + " on " + raw.address() + " for " + durationSeconds + " s");
            out.flush();
            Thread.sleep(durationSeconds * 1000L);
        }
        return null;
    }

    private BenchResult server(BenchSettings s, Map<String, Object> document) throws IOException {
        boolean serveOnly = scenario.equals("pangya-serve");
        boolean pangya = scenario.equals("pangya-login") || serveOnly;
        boolean preVerified = pangya && hashingExcluded();
        Profile profile = Profile.named(pangyaProfile); // an unknown name fails here, before anything starts
        if (serveOnly && target != null) {
            throw new IllegalArgumentException("pangya-serve starts a server; it takes no --target");
        }
        if (preVerified && target != null) {
            // the hashing-excluded view exists only inside a server this command starts: a running server
            // always hashes, and a run that said otherwise would measure something else than it claims
            throw new IllegalArgumentException("--hashing excluded needs the in-process server; a --target server "
                    + "always checks passwords with bcrypt");
        }
        Path keys = pangyaKeys != null ? pangyaKeys
                : System.getenv("REVENANT_PANGYA_KEYS") != null ? Path.of(System.getenv("REVENANT_PANGYA_KEYS")) : null;
        if (pangya && keys == null) {
            throw new IllegalArgumentException("pangya-login needs the key tables: --pangya-keys FILE");
        }
        int mig33Users = pangya ? 0 : users;
        int pangyaAccounts = pangya ? PangyaLogins.accountsNeeded(s) : 0;
        if (scenario.equals("prepare")) {
            return prepare(mig33Users, keys != null ? pangyaAccounts : 0);
        }
        if (target != null) {
            java.util.List<InetSocketAddress> nodes = java.util.Arrays.stream(target.split(",")).map(String::strip)
                    .map(BenchCommand::parseTarget).toList();
            document.put("target", target);
            out.println("bench: target " + target + " (its users must exist: revenant bench prepare --data-dir DIR)"
                    + (s.transport() == Mig33Transport.TCP ? "" : "; over " + s.transport().label() + ": "
                    + s.transport().targetMeaning()));
            return run(s, nodes.get(0), nodes.get(0), keys, profile, null, nodes);
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("revenant-bench") : dataDir;
        Map<String, String> flags = storeFlags();
        if (serveOnly) {
            flags.put("pangya.port", Integer.toString(port));
        }
        if (s.transport() == Mig33Transport.HTTP) {
            flags.put("mig33.http.ports", "0");
        }
        LocalRevenant configured = InProcessServer.configure(servers, dir, pangya ? keys : null, flags);
        out.println("bench: creating " + (pangya ? pangyaAccounts + " PangYa accounts" : mig33Users + " mig33 users with "
                + Math.min(contacts, Math.max(0, users - 1)) + " contacts each") + " in " + dir);
        out.flush();
        try (InProcessServer server = InProcessServer.start(configured, mig33Users, contacts, roomSize, pangyaAccounts, preVerified)) {
            document.put("target", "in-process Revenant, embedded H2 in " + (temporary ? "a temporary directory" : dir));
            document.put("limits", InProcessServer.LIMITS_NOTE);
            out.println("bench: " + InProcessServer.LIMITS_NOTE);
            if (serveOnly) {
                out.println("bench: PangYa LoginService (" + pangyaProfile + ", password hashing " + hashing + ") on "
                        + server.pangya() + " for " + durationSeconds + " s");
                out.flush();
                Mig33Scenarios.sleep(Duration.ofSeconds(durationSeconds));
                return null;
            }
            InetSocketAddress mig33 = pangya ? null : switch (s.transport()) {
                case TCP -> server.mig33();
                case HTTP -> server.server().mig33Http().orElseThrow();
                case WEBSOCKET -> server.server().http();
            };
            if (s.transport() != Mig33Transport.TCP) {
                out.println("bench: mig33 over " + s.transport().label() + " at " + mig33
                        + (s.transport() == Mig33Transport.HTTP ? ", polling every " + s.poll().toMillis() + " ms" : ""));
            }
            BenchResult r = run(s, mig33, pangya ? server.pangya() : null, keys, profile, server,
                    java.util.List.of());
            r.note(InProcessServer.LIMITS_NOTE);
            return r;
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    /** The in-process server logs every login at info; during a load test that is noise (and load). */
    private static void quietServerLogs() {
        if (System.getenv("REVENANT_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private boolean hashingExcluded() {
        return switch (hashing) {
            case "production" -> false;
            case "excluded" -> true;
            default -> throw new IllegalArgumentException("--hashing is production or excluded, not " + hashing);
        };
    }

    /** The flags the bench's options give the in-process server. */
    private Map<String, String> storeFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("pangya.profile", pangyaProfile);
        flags.put("net.transport", netTransport);
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            flags.put("database.url", databaseUrl);
        }
        return flags;
    }

    /** @param inProcess the server this command started, or null for a --target server */
    private BenchResult run(BenchSettings s, InetSocketAddress mig33, InetSocketAddress pangya, Path keys, Profile profile,
                            InProcessServer inProcess, java.util.List<InetSocketAddress> nodes) {
        Mig33Scenarios scenarios = new Mig33Scenarios(s, out).spreadOver(nodes, firstUser).serverInProcess(inProcess != null)
                .serverProcess(serverProcess());
        return switch (scenario) {
            case "mig33-idle" -> scenarios.idle(mig33, false, inProcess != null);
            case "mig33-chat" -> scenarios.chat(mig33, false);
            case "mig33-room" -> scenarios.room(mig33);
            case "mig33-offline" -> new OfflineMessages(s, out).run(mig33, inProcess == null ? null : inProcess.server());
            default -> {
                BenchResult r = new PangyaLogins(s, out).run(pangya, profile, KeyTables.load(keys),
                        hashingExcluded() ? "excluded" : "production",
                        hashingExcluded() ? 0 : dev.revenant.pangya.store.AccountStore.DEFAULT_COST,
                        prime || hashingExcluded());
                if (hashingExcluded()) {
                    r.note("hashing excluded: bcrypt checks each account's first login only; later logins of the same "
                            + "account reuse that result but still read the account from the store (bench-only view, "
                            + "PreVerifiedAccounts; production never installs it)");
                }
                yield r;
            }
        };
    }

    private BenchResult prepare(int mig33Users, int pangyaAccounts) {
        if (dataDir == null) {
            throw new IllegalArgumentException("prepare needs --data-dir (the stopped server's data directory)");
        }
        // configured only, never started: the store is filled for a server started later with --data-dir
        try (LocalRevenant stopped = InProcessServer.configure(servers, dataDir, null, storeFlags());
             Database db = Database.open(stopped.database(), stopped.dataDir())) {
            int created = BenchUsers.mig33(db, SecretBox.open(dataDir.resolve("secret.key")),
                    stopped.mig33DefaultGroup(), mig33Users, contacts);
            BenchUsers.rooms(db, mig33Users, roomSize);
            if (pangyaAccounts > 0) {
                BenchUsers.pangya(db, pangyaAccounts);
            }
            out.println("bench: " + created + " new mig33 users (" + mig33Users + " in all) in " + dataDir);
        }
        return null;
    }

    static InetSocketAddress parseTarget(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--target is HOST:PORT, not " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
