package dev.revenant.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5: the archive {@code mvn package} builds, unpacked into an empty directory with the
 * system's {@code tar}, runs the server with its own {@code bin/revenant serve} (loopback, ephemeral
 * ports, data in a temporary directory, the shipped {@code revenant.yml} read as bin/revenant reads it),
 * {@code /health} answers, an admin command reaches it, and SIGTERM stops it with exit 0. Its
 * {@code revenant.yml}, every option uncommented, is a configuration the server accepts.
 */
class DistributionTest {
    private static final Pattern STARTED = Pattern.compile("event=started mig33=\\[/127\\.0\\.0\\.1:(\\d+)\\].*http=127\\.0\\.0\\.1:(\\d+)");

    @TempDir Path empty;

    private Path unpacked() throws Exception {
        Path archive = Path.of(System.getProperty("revenant.dist"));
        assertThat(archive).isRegularFile();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", empty.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (var top = Files.list(empty)) {
            List<Path> dirs = top.toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    /** bin/revenant ARGS in {@code home}, with the test's Java and nothing of the build's class path. */
    private static ProcessBuilder revenant(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/revenant").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("REVENANT_") || k.equals("CLASSPATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("REVENANT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xmx256m");
        return pb;
    }

    @Test
    void theUnpackedDistributionServesWithItsOwnLauncher() throws Exception {
        Path home = unpacked();
        for (String shipped : List.of("bin/revenant", "lib/revenant.jar", "revenant.yml", "systemd/revenant.service",
                "Dockerfile", "compose.yaml", "LICENSE", "README.md", "docs/OPERATING.md")) {
            assertThat(home.resolve(shipped)).as(shipped).isRegularFile();
        }
        assertThat(Files.isExecutable(home.resolve("bin/revenant"))).isTrue();
        Path data = empty.resolve("data");
        Process server = revenant(home, "serve", "--data-dir", data.toString(), "--mig33-port", "0", "--http-port", "0",
                "--set", "mig33.host=127.0.0.1").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            Matcher started = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.append(line).append('\n');
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    started = m;
                    break;
                }
            }
            assertThat(started).as("the server started:\n" + seen).isNotNull();
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
            drain.setDaemon(true);
            drain.start();
            int httpPort = Integer.parseInt(started.group(2));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"up\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");

            // an operator's admin command, from the same launcher, handed to the running server
            Process add = revenant(home, "user", "add", "alice", "--password-stdin", "--data-dir", data.toString()).start();
            add.getOutputStream().write("Tennis42\n".getBytes(StandardCharsets.UTF_8));
            add.getOutputStream().close();
            assertThat(add.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String said = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(add.exitValue()).as(said + new String(add.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            assertThat(said).contains("user alice added");
        } finally {
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.exitValue()).as("a clean stop").isZero();
    }

    @Test
    void theShippedRevenantYmlNamesEveryOptionTheServerHas() throws Exception {
        Path home = unpacked();
        String shipped = Files.readString(home.resolve("revenant.yml"));
        // "#option: value" lines are the options; "# " lines are comments. "~" (the PangYa profile's own value)
        // is no value a file may give: it stays commented, as the file's comment says
        String uncommented = shipped.lines().map(l -> l.endsWith(": ~") ? l : l.replaceFirst("^(\\s*)#([^ #].*)$", "$1$2"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(uncommented).contains("\nlog:\n").contains("\n  level: INFO\n").contains("\nhttp:\n");
        Path all = Files.writeString(empty.resolve("all.yml"), uncommented);
        Process config = revenant(home, "config", "--config", all.toString(), "--data-dir", empty.resolve("d").toString())
                .redirectErrorStream(true).start();
        String said = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as("the server takes every option of the file:\n" + said).isZero();
        // and leaves none out: the configuration it prints has no option the file lacks
        for (String line : said.lines().toList()) {
            Matcher option = Pattern.compile("^[\\s-]*([A-Za-z][A-Za-z0-9]*):").matcher(line);
            if (option.find()) {
                assertThat(shipped).as("revenant.yml names " + option.group(1))
                        .containsPattern("(?m)^\\s*#(- )?" + option.group(1) + ":");
            }
        }
    }
}
