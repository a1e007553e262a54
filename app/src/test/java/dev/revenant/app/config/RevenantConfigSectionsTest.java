package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol sections of the configuration, as an operator writes them. */
class RevenantConfigSectionsTest {
    @TempDir Path dir;

    private RevenantConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("revenant.yml");
        Files.writeString(file, yaml);
        return RevenantConfig.load(Optional.of(file), env, Map.of()).value();
    }

    @Test
    void aGameServerNeedsOnlyNameIdAddressAndPort() throws Exception {
        RevenantConfig c = load("pangya:\n  gameServers:\n    - {name: Eagle, id: 7, address: 10.0.0.5, port: 20207}\n", Map.of());
        var server = c.pangya().gameServers().get(0);
        assertThat(server.name()).isEqualTo("Eagle");
        assertThat(server.port()).isEqualTo(20207);
        assertThat(server.maxUsers()).isEqualTo(2000);
        assertThat(server.flags()).isZero();
    }

    @Test
    void mig33OptionsFromFileAndEnvironment() throws Exception {
        RevenantConfig c = load("mig33:\n  idleTimeout: 90s\n", Map.of("REVENANT_MIG33_PORTS", "9119,25"));
        assertThat(c.mig33().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.mig33().ports()).containsExactly(9119, 25);
    }

    @Test
    void badValuesAreReportedByName() {
        assertThatThrownBy(() -> load("database:\n  poolSize: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.poolSize");
        assertThatThrownBy(() -> load("mig33:\n  ports: [70000]\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mig33.ports");
        assertThatThrownBy(() -> load("pangya:\n  gameServers:\n    - {name: X, id: 1, address: somewhere, port: 1}\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dotted IPv4");
    }
}
