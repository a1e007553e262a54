package dev.revenant.loadgen;

import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.codec.LoginError;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Repeated full PangYa logins: connect and read the hello, Login, the answer and its burst (login key,
 * macros, message and game server lists), SelectServer and the session key, close. {@code concurrency}
 * players log in again and again, each over a few accounts in turn.
 */
final class PangyaLogins {
    /** Accounts each player cycles through, so one account's previous session has ended before it logs in again. */
    static final int ACCOUNTS_PER_PLAYER = 4;

    private final BenchSettings s;
    private final PrintStream out;

    PangyaLogins(BenchSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    static int accountsNeeded(BenchSettings s) {
        return s.concurrency() * ACCOUNTS_PER_PLAYER;
    }

    /** What one login saw: whether it took the stale-session step, and the order of the answer's packets. */
    record Outcome(boolean ghost, List<String> answerOrder) {}

    /**
     * One full login: the answer's five packets are taken in any order, and the first game server the
     * answer lists is the one selected (so another server's configuration needs no flag).
     */
    static Outcome loginOnce(InetSocketAddress server, SourceAddresses sources, Profile profile, KeyTables tables,
                             String name) {
        try (PangyaClient c = PangyaClient.connect(server, sources.next(), profile, tables, Duration.ofSeconds(30))) {
            boolean ghost = false;
            c.login(name, BenchUsers.PASSWORD);
            LoginAnswer answer = LoginAnswer.read(c::receive);
            if (!answer.succeeded() && answer.failure().code() == LoginError.ALREADY_LOGGED_IN) {
                // the previous login's key is still live: the client confirms, as the real one does
                ghost = true;
                c.send(new ClientPacket.Ghost());
                answer = LoginAnswer.read(c::receive);
            }
            if (!answer.succeeded()) {
                throw new IllegalStateException("login answered " + answer.failure());
            }
            if (answer.gameServers().servers().isEmpty()) {
                throw new IllegalStateException("the login answer lists no game server to select");
            }
            c.send(new ClientPacket.SelectServer(answer.gameServers().servers().get(0).id()));
            c.receive(ServerPacket.SessionKey.class);
            return new Outcome(ghost, answer.order());
        }
    }

    /**
     * @param hashCost the bcrypt cost of the accounts' stored hashes, for the hashing limit timed in this run
     *     (0: not timed)
     * @param prime log every account in once, untimed, first (what a server that skips hashing after an
     *     account's first login needs, so that no first login falls in the window)
     */
    BenchResult run(InetSocketAddress server, Profile profile, KeyTables tables, String hashing, int hashCost,
                    boolean prime) {
        BenchResult r = new BenchResult("pangya-login");
        int cores = Runtime.getRuntime().availableProcessors();
        HashingLimit.Timing before = hashCost > 0 ? HashingLimit.time(hashCost, cores, Duration.ofSeconds(2)) : null;
        int players = s.concurrency();
        SourceAddresses sources = new SourceAddresses(s.sources(), server);
        if (prime) {
            // every account's first login pays bcrypt (that is what "excluded" leaves in): do them before timing
            out.println("bench: a first, untimed login of each of the " + accountsNeeded(s) + " accounts");
            out.flush();
            LongAdder primed = new LongAdder();
            java.util.stream.IntStream.range(0, accountsNeeded(s)).parallel().forEach(i -> {
                try {
                    loginOnce(server, sources, profile, tables, BenchUsers.pangyaName(i));
                    primed.increment();
                } catch (RuntimeException e) {
                    // an account not primed pays bcrypt once inside the window; the run goes on
                }
            });
            r.put("primedAccounts", primed.sum());
        }
        ConcurrentHistogram micros = new ConcurrentHistogram(3_600_000_000L, 3);
        LongAdder logins = new LongAdder();
        LongAdder ghostSteps = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicReference<List<String>> answerOrder = new AtomicReference<>();
        long start = System.nanoTime();
        long warmEnd = start + s.warmup().toNanos();
        long end = warmEnd + s.duration().toNanos();
        out.println("bench: " + players + " PangYa players logging in repeatedly, password hashing " + hashing);
        Repeaters.Window w = Repeaters.run(players, "bench-pangya", player -> () -> {
            int k = 0;
            while (System.nanoTime() < end && (s.count() == 0 || logins.sum() < s.count())) {
                String name = BenchUsers.pangyaName(player + players * (k++ % ACCOUNTS_PER_PLAYER));
                long t0 = System.nanoTime();
                try {
                    Outcome o = loginOnce(server, sources, profile, tables, name);
                    if (o.ghost()) {
                        ghostSteps.increment();
                    }
                    answerOrder.compareAndSet(null, o.answerOrder());
                    if (t0 >= warmEnd) {
                        micros.recordValue((System.nanoTime() - t0) / 1000);
                    }
                    logins.increment();
                } catch (RuntimeException e) {
                    failures.increment();
                    firstError.compareAndSet(null, e.toString());
                }
            }
        }, s.warmup(), logins);
        double perSecond = w.perSecond();
        r.put("profile", profile.name()).put("hashing", hashing).put("concurrency", players).put("logins", logins.sum())
                .put("failures", failures.sum()).put("ghostSteps", ghostSteps.sum()).put("windowSeconds", w.seconds())
                .put("loginsPerSecond", perSecond)
                .latency("login", micros);
        if (firstError.get() != null) {
            r.put("firstError", firstError.get());
        }
        if (answerOrder.get() != null) {
            r.put("answerOrder", String.join(",", answerOrder.get()));
        }
        if (before != null) {
            HashingLimit.Timing after = HashingLimit.time(hashCost, cores, Duration.ofSeconds(2));
            double verifyMillis = (before.meanMillis() + after.meanMillis()) / 2;
            double limit = HashingLimit.loginsPerSecond(cores, verifyMillis);
            r.put("bcryptCost", hashCost).put("bcryptVerifyMsBefore", before.meanMillis())
                    .put("bcryptVerifyMsAfter", after.meanMillis())
                    .put("bcryptVerifyMedianMs", (before.medianMillis() + after.medianMillis()) / 2)
                    .put("hashingLimitPerSecond", limit)
                    .put("ofHashingLimit", perSecond / limit)
                    .note("hashing limit = " + cores + " cores / the mean time of one bcrypt verify at cost " + hashCost
                            + " with all " + cores + " cores verifying at once, timed just before and just after the run (mean of the two)");
        }
        r.note("one login = TCP connect, hello, Login, LoginSuccess + 4 burst packets, SelectServer, SessionKey, close");
        return r;
    }
}
