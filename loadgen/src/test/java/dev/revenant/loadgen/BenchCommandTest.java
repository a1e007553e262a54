package dev.revenant.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.store.JdbcAccountStore;
import dev.revenant.pangya.login.Accounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the load generator does without the app's server: refusing what it cannot measure, the raw Netty
 * baseline, and what it hands the server it is given (the scenarios against the real server are the app's
 * BenchCommandTest, as only the app can start one).
 */
class BenchCommandTest {
    @TempDir Path dir;

    /** The settings the bench configured its server with; null until it did. */
    private Map<String, String> settings;

    /** Records the settings and opens the embedded store where they say; nothing to start (prepare never does). */
    private LocalRevenant stoppedServer(Map<String, String> given) {
        settings = new HashMap<>(given);
        return new LocalRevenant() {
            @Override
            public DatabaseConfig database() {
                return DatabaseConfig.embedded();
            }

            @Override
            public Path dataDir() {
                return Path.of(given.get("dataDir"));
            }

            @Override
            public String mig33DefaultGroup() {
                return "Friends";
            }

            @Override
            public void start(UnaryOperator<Accounts> pangyaAccounts) {
                throw new AssertionError("prepare starts no server");
            }

            @Override
            public InetSocketAddress mig33() {
                throw new AssertionError("not started");
            }

            @Override
            public Optional<InetSocketAddress> pangya() {
                return Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    private int bench(ByteArrayOutputStream table, String... args) {
        BenchCommand bench = new BenchCommand(this::stoppedServer).output(new PrintStream(table, true, StandardCharsets.UTF_8));
        return new CommandLine(bench).execute(args);
    }

    @Test
    void hashingExcludedIsRefusedAgainstARunningServer() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new BenchCommand(this::stoppedServer));
        cli.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
        int exit = cli.execute("pangya-login", "--pangya-keys", "keys.bin", "--hashing", "excluded",
                "--target", "127.0.0.1:1");
        assertThat(exit).isNotZero();
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--hashing excluded needs the in-process server");
        assertThat(settings).as("no server configured").isNull();
    }

    @Test
    void theRelayBaselineDeliversABoundedCount() throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int exit = bench(table, "baseline-chat", "--users", "4", "--rate", "10", "--count", "20", "--warmup", "0",
                "--duration", "8", "--sources", "2", "--json", dir.resolve("result.json").toString());
        assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode r = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("result");
        assertThat(r.get("scenario").asText()).isEqualTo("baseline-chat");
        assertThat(r.get("connected").asInt()).isEqualTo(4);
        assertThat(r.get("messagesSent").asLong()).isEqualTo(20);
        assertThat(r.get("delivered").asLong()).isEqualTo(20);
        assertThat(r.get("answersOk").asLong()).isEqualTo(20);
        assertThat(settings).as("the baseline needs no Revenant").isNull();
    }

    @Test
    @Timeout(60)
    void theRelayBaselineWithOneFlushPerReadAnswersEveryMessage() throws Exception {
        // its OKs wait for the end of the read that brought their messages: none may be left waiting
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int exit = bench(table, "baseline-chat", "--flush-per-read", "--users", "4", "--rate", "10", "--count", "20",
                "--warmup", "0", "--duration", "8", "--sources", "2", "--json", dir.resolve("result.json").toString());
        assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode document = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(document.get("target").asText()).contains("one flush per read");
        assertThat(document.get("result").get("delivered").asLong()).isEqualTo(20);
        assertThat(document.get("result").get("answersOk").asLong()).isEqualTo(20);
    }

    @Test
    @Timeout(60)
    void theRelayBaselineAndTheGeneratorRunOnTheTransportTheyAreNamedAsTheServerWouldAndSayWhich() throws Exception {
        // a ratio to the baseline compares servers that reach the kernel alike: the relay takes net.transport's choice;
        // the generator's phones too (on epoll loops, a client that opened NIO sockets could not connect at all)
        for (String transport : new String[] {"nio", "auto"}) {
            Path json = dir.resolve("relay-" + transport + ".json");
            ByteArrayOutputStream table = new ByteArrayOutputStream();
            int exit = bench(table, "baseline-chat", "--net-transport", transport, "--users", "4", "--rate", "10",
                    "--count", "20", "--warmup", "0", "--duration", "8", "--sources", "2", "--json", json.toString());
            assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
            JsonNode document = new ObjectMapper().readTree(json.toFile());
            assertThat(document.get("target").asText())
                    .endsWith(", " + dev.revenant.core.net.Transport.choose(transport).label());
            assertThat(document.get("settings").get("netTransport").asText())
                    .isEqualTo(dev.revenant.core.net.Transport.choose(transport).label());
            assertThat(document.get("result").get("delivered").asLong()).isEqualTo(20);
        }
        assertThat(bench(new ByteArrayOutputStream(), "baseline-chat", "--net-transport", "kqueue", "--users", "4",
                "--count", "1", "--warmup", "0", "--duration", "1")).isNotZero();
    }

    @Test
    @Timeout(60)
    void theLatencyLogHasALinePerTenthOfTheRunWithItsDeliveries() throws Exception {
        Path log = dir.resolve("latency.csv");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int exit = bench(table, "baseline-chat", "--users", "4", "--rate", "50", "--warmup", "1", "--duration", "2",
                "--sources", "2", "--latency-log", log.toString(), "--json", dir.resolve("result.json").toString());
        assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
        long delivered = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("result").get("delivered")
                .asLong();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0)).isEqualTo(LatencyTimeline.HEADER);
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
        // three seconds of sending, a line a tenth: fewer only if the sending thread stalled for most of them
        assertThat(rows).hasSizeGreaterThan(10);
        Instant previous = Instant.MIN;
        boolean measured = false;
        long logged = 0;
        for (String[] row : rows) {
            Instant at = Instant.parse(row[0]);
            assertThat(at).as("lines in time order").isAfter(previous);
            previous = at;
            // the warm-up's lines come first, then the measured ones
            assertThat(row[1]).isIn("warmup", "measured");
            assertThat(measured && row[1].equals("warmup")).as("a warm-up line after a measured one").isFalse();
            measured |= row[1].equals("measured");
            long n = Long.parseLong(row[2]);
            logged += n;
            if (n > 0) {
                double p50 = Double.parseDouble(row[3]);
                double p99 = Double.parseDouble(row[4]);
                double max = Double.parseDouble(row[5]);
                assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
                assertThat(p99).isLessThanOrEqualTo(max);
            }
        }
        assertThat(rows.get(0)[1]).isEqualTo("warmup");
        assertThat(measured).isTrue();
        // every delivery is in one line at most: those after the last line (the drain) are in none
        assertThat(logged).isPositive().isLessThanOrEqualTo(delivered);
    }

    @Test
    @Timeout(60)
    void aRateTheGeneratorCannotReachStillEndsAtItsDuration() throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int exit = bench(table, "baseline-chat", "--users", "4", "--rate", "1000000000", "--warmup", "0",
                "--duration", "2", "--sources", "2", "--json", dir.resolve("result.json").toString());
        assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode r = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("result");
        assertThat(r.get("messagesSent").asLong()).isPositive();
        assertThat(r.get("windowSeconds").asDouble()).as("the measured window").isLessThan(4.0);
    }

    @Test
    void prepareFillsTheStoreOfAServerOnLoopbackWithTheLoadTestLimits() throws Exception {
        Path data = dir.resolve("data");
        int exit = bench(new ByteArrayOutputStream(), "prepare", "--users", "5", "--contacts", "2", "--data-dir",
                data.toString());
        assertThat(exit).isZero();
        assertThat(settings).containsEntry("dataDir", data.toString()).containsEntry("mig33.host", "127.0.0.1")
                .containsEntry("limits.perAddress", "0").containsEntry("mig33.messagesPerMinute", "0")
                .containsEntry("pangya.enabled", "false").containsEntry("pangya.profile", "th829");
        try (Database db = Database.open(DatabaseConfig.embedded(), data)) {
            JdbcAccountStore accounts = new JdbcAccountStore(new Jdbc(db.dataSource()), Clock.systemUTC());
            assertThat(accounts.find(BenchUsers.mig33Name(4))).isPresent();
            assertThat(accounts.find(BenchUsers.mig33Name(5))).isEmpty();
        }
    }
}
