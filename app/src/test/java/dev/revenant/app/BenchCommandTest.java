package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.core.testing.SharedData;
import dev.revenant.loadgen.BenchCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code revenant bench} end to end on a handful of users, against this module's server in process
 * (InProcessRevenant, as the command line wires it): it delivers, and it reports what it measured. No timing.
 */
class BenchCommandTest {
    @TempDir Path dir;

    private JsonNode run(String... args) throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int exit = bench(new PrintStream(table, true, StandardCharsets.UTF_8), args);
        assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    }

    /** {@code revenant bench ARGS}, its table written to {@code table}. */
    private static int bench(PrintStream table, String... args) {
        CommandLine cli = Revenant.commandLine();
        ((BenchCommand) cli.getSubcommands().get("bench").getCommand()).output(table);
        return cli.execute(Stream.concat(Stream.of("bench"), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void chatDeliversABoundedCountAndWritesTheFields() throws Exception {
        JsonNode doc = run("mig33-chat", "--users", "4", "--contacts", "3", "--rate", "10", "--count", "30",
                "--warmup", "0", "--duration", "8", "--sources", "2", "--data-dir", dir.resolve("data").toString(),
                "--json", dir.resolve("result.json").toString());
        JsonNode r = doc.get("result");
        assertThat(r.get("scenario").asText()).isEqualTo("mig33-chat");
        assertThat(r.get("connected").asInt()).isEqualTo(4);
        assertThat(r.get("messagesSent").asLong()).isEqualTo(30);
        assertThat(r.get("delivered").asLong()).isEqualTo(30);
        assertThat(r.get("answersOk").asLong()).isEqualTo(30);
        assertThat(r.get("answersError").asLong()).isZero();
        for (String field : new String[] {"deliveredPerSecond", "latencyP50Ms", "latencyP99Ms", "latencyP999Ms"}) {
            assertThat(r.has(field)).as(field).isTrue();
        }
        assertThat(r.get("notes").toString()).contains("load-test limits");
        assertThat(doc.get("machine").get("cpus").asInt()).isPositive();
    }

    @Test
    void chatAndIdleRunOverHttpPollingAndOverWebSocket() throws Exception {
        for (String transport : new String[] {"http", "websocket"}) {
            JsonNode doc = run("mig33-chat", "--transport", transport, "--poll-ms", "50", "--users", "4", "--contacts", "3",
                    "--rate", "10", "--count", "20", "--warmup", "0", "--duration", "8", "--sources", "2",
                    "--data-dir", dir.resolve("data-" + transport).toString(), "--json", dir.resolve("result.json").toString());
            assertThat(doc.get("settings").get("transport").asText()).isEqualTo(transport);
            JsonNode r = doc.get("result");
            assertThat(r.get("connected").asInt()).as(transport).isEqualTo(4);
            assertThat(r.get("delivered").asLong()).as(transport).isEqualTo(20);
            assertThat(r.get("answersOk").asLong()).as(transport).isEqualTo(20);

            JsonNode idle = run("mig33-idle", "--transport", transport, "--users", "3", "--ping-seconds", "1",
                    "--duration", "2", "--sources", "2", "--data-dir", dir.resolve("idle-" + transport).toString(),
                    "--json", dir.resolve("result.json").toString()).get("result");
            assertThat(idle.get("connected").asInt()).as(transport).isEqualTo(3);
            assertThat(idle.get("stillOpen").asLong()).as(transport).isEqualTo(3);
        }
        // the other scenarios say they run over TCP only
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        assertThat(bench(new PrintStream(table, true, StandardCharsets.UTF_8), "mig33-room", "--transport", "websocket"))
                .isNotZero();
    }

    @Test
    void roomLinesFanOutToEveryOtherMember() throws Exception {
        JsonNode r = run("mig33-room", "--users", "6", "--room-size", "3", "--count", "10", "--warmup", "0",
                "--duration", "8", "--sources", "2", "--data-dir", dir.resolve("data").toString(),
                "--json", dir.resolve("result.json").toString()).get("result");
        assertThat(r.get("supported").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("rooms").asInt()).isEqualTo(2);
        assertThat(r.get("joined").asInt()).isEqualTo(6);
        assertThat(r.get("messagesSent").asLong()).isEqualTo(10);
        assertThat(r.get("answersError").asLong()).isZero();
        // each line reaches the two other members of its room of three
        assertThat(r.get("delivered").asLong()).isEqualTo(20);
    }

    @Test
    void pangyaLoginsRunWithTheChosenProfileAndTheHashingLimitOfTheSameRun() throws Exception {
        String keys = SharedData.require("data/pangya/keys.bin").toString();
        JsonNode doc = run("pangya-login", "--pangya-keys", keys, "--pangya-profile", "us852", "--concurrency", "2",
                "--count", "6", "--warmup", "0", "--duration", "20", "--sources", "2",
                "--data-dir", dir.resolve("data").toString(), "--json", dir.resolve("result.json").toString());
        JsonNode r = doc.get("result");
        assertThat(r.get("profile").asText()).isEqualTo("us852");
        assertThat(r.get("failures").asLong()).as(r.toString()).isZero();
        assertThat(r.get("logins").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(r.get("answerOrder").asText())
                .isEqualTo("LoginSuccess,LoginKey,ChatMacros,MessageServerList,GameServerList");
        assertThat(r.get("bcryptCost").asInt()).isEqualTo(10);
        assertThat(r.get("hashingLimitPerSecond").asDouble()).isPositive();
        assertThat(r.has("ofHashingLimit")).isTrue();
        assertThat(doc.get("loadAverageAtStart").asText()).isNotBlank();
    }

    @Test
    void offlineMessagesAreStoredThenReplayedNextToAPlainJdbcBaseline() throws Exception {
        JsonNode r = run("mig33-offline", "--users", "6", "--rate", "10", "--count", "30", "--warmup", "0",
                "--duration", "2", "--sources", "2", "--data-dir", dir.resolve("data").toString(),
                "--json", dir.resolve("result.json").toString()).get("result");
        assertThat(r.get("senders").asInt()).isEqualTo(3);
        assertThat(r.get("messagesSent").asLong()).isEqualTo(30);
        assertThat(r.get("storedOk").asLong()).as(r.toString()).isEqualTo(30);
        assertThat(r.get("answersError").asLong()).isZero();
        assertThat(r.get("deliveredOnline").asLong()).isZero();
        assertThat(r.get("replayed").asLong()).isEqualTo(30);
        assertThat(r.get("leftInStoreAfterReplay").asLong()).isZero();
        assertThat(r.get("jdbcInserts").asLong()).isPositive();
        assertThat(r.has("storedOfJdbc")).isTrue();
    }

    @Test
    void aPangyaServeProcessIsATargetForPrimedLogins() throws Exception {
        String keys = SharedData.require("data/pangya/keys.bin").toString();
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int[] serveExit = {-1};
        Thread serve = new Thread(() -> serveExit[0] = bench(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), "pangya-serve", "--pangya-keys", keys, "--hashing", "excluded", "--concurrency",
                "1", "--port", Integer.toString(port), "--duration", "12", "--data-dir", dir.resolve("served").toString()));
        serve.start();
        try {
            awaitListening(port);
            JsonNode r = run("pangya-login", "--target", "127.0.0.1:" + port, "--pangya-keys", keys, "--prime",
                    "--concurrency", "1", "--count", "3", "--warmup", "0", "--duration", "5", "--sources", "1",
                    "--json", dir.resolve("result.json").toString()).get("result");
            assertThat(r.get("failures").asLong()).as(r.toString()).isZero();
            assertThat(r.get("logins").asLong()).isGreaterThanOrEqualTo(3);
            // --concurrency 1: one player, who logs in with its four accounts in turn
            assertThat(r.get("primedAccounts").asLong()).isEqualTo(4);
        } finally {
            serve.join();
        }
        assertThat(serveExit[0]).isZero();
    }

    @Test
    void aTargetServersCpuIsReportedForItsProcessId() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Thread serve = new Thread(() -> bench(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                "baseline-serve-relay", "--port", Integer.toString(port), "--duration", "8"));
        serve.start();
        try {
            awaitListening(port);
            String target = "127.0.0.1:" + port;
            // the raw relay serves in this test's process: its id is the server's
            JsonNode r = run("baseline-chat", "--target", target, "--server-pid", Long.toString(ProcessHandle.current().pid()),
                    "--users", "4", "--rate", "10", "--count", "40", "--warmup", "0", "--duration", "3", "--sources", "1",
                    "--json", dir.resolve("result.json").toString()).get("result");
            assertThat(r.get("delivered").asLong()).as(r.toString()).isPositive();
            assertThat(r.get("serverCpuMicrosPerDelivery").asDouble()).as(r.toString()).isPositive();
            assertThat(r.get("serverCpuCores").asDouble()).isPositive();
            assertThat(r.has("gcPauses")).as("pauses are not seen from another process").isFalse();
        } finally {
            serve.join();
        }
        // the server in this process is measured without it: asked for, it is refused rather than ignored
        assertThat(bench(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "baseline-chat",
                "--server-pid", "1", "--users", "2", "--count", "2", "--warmup", "0", "--duration", "1"))
                .as("exit status of --server-pid without --target").isNotZero();
    }

    /** Waits (at most 10 s) until something accepts connections on the port. */
    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }
}
