package dev.revenant.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.Revenant;
import dev.revenant.app.StandardStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code revenant config}: the configuration in force, from file, environment and flags, secrets masked. */
class ConfigCommandTest {
    @TempDir Path dir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    @Test
    void showsTheConfigurationInForceWithSecretsMasked() throws Exception {
        Path file = dir.resolve("revenant.yml");
        Files.writeString(file, "mig33:\n  ports: [9119, 25]\nhttp:\n  port: 8081\n");
        int exit = Revenant.execute("config", "--config", file.toString(), "--data-dir", dir.resolve("data").toString(),
                "--set", "http.port=8090", "--set", "database.password=hunter2secret");
        assertThat(exit).as(streams.err()).isZero();
        assertThat(streams.out()).contains("- 25").as("the flag wins over the file").contains("port: 8090")
                .doesNotContain("hunter2secret").contains("password:");
        assertThat(streams.err()).isEmpty();
    }

    @Test
    void aWrongSettingIsAWrongCommandLine() {
        assertThat(Revenant.execute("config", "--data-dir", dir.toString(), "--set", "http.port=abc")).isEqualTo(2);
        assertThat(streams.err()).contains("revenant: invalid value for http.port: 'abc'");
        assertThat(Revenant.execute("config", "--config", dir.resolve("missing.yml").toString())).isEqualTo(2);
        assertThat(streams.err()).contains("missing.yml");
    }
}
