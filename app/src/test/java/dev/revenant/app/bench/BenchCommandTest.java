package dev.revenant.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The load generator end to end on a handful of users: it delivers, and it reports what it measured. No timing. */
class BenchCommandTest {
    @TempDir Path dir;

    private JsonNode run(String... args) throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        BenchCommand bench = new BenchCommand().output(new PrintStream(table, true, StandardCharsets.UTF_8));
        int exit = new CommandLine(bench).execute(args);
        assertThat(exit).as(table.toString(StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(dir.resolve("result.json").toFile());
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
    void roomsReportClearlyWhenTheServerHasNone() throws Exception {
        JsonNode r = run("mig33-room", "--users", "3", "--room-size", "3", "--count", "5", "--warmup", "0",
                "--duration", "3", "--data-dir", dir.resolve("data").toString(),
                "--json", dir.resolve("result.json").toString()).get("result");
        // on a server with chat rooms this measures fan-out; without them it must say why it measured nothing
        if (!r.get("supported").asBoolean()) {
            assertThat(r.get("serverAnswer").asText()).isNotBlank();
        } else {
            assertThat(r.get("delivered").asLong()).isPositive();
        }
    }
}
