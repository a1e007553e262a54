package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.config.ConfigException;
import dev.revenant.core.config.DataSize;
import dev.revenant.core.config.LoadedConfig;
import dev.revenant.core.store.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevenantConfigTest {
    @TempDir
    Path dir;

    @Test
    void builtInDefaultsAreLoopbackHttpAndTheEmbeddedDatabase() {
        RevenantConfig c = RevenantConfig.load(Optional.empty(), Map.of(), Map.of()).value();

        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.http()).isEqualTo(HttpConfig.defaults("127.0.0.1", 8080));
        assertThat(c.database()).isEqualTo(DatabaseConfig.embedded());
        assertThat(c.adminTokenPath()).isEqualTo(Path.of("./data/admin.token"));
    }

    @Test
    void anExplicitTokenFileWinsOverTheDataDirectory() {
        RevenantConfig c = RevenantConfig.load(Optional.empty(),
                Map.of("REVENANT_HTTP_ADMIN_TOKEN_FILE", "/etc/revenant/token"), Map.of()).value();
        assertThat(c.adminTokenPath()).isEqualTo(Path.of("/etc/revenant/token"));
    }

    @Test
    void allFourLayersApplyToTheServerOptions() throws IOException {
        Path f = Files.writeString(dir.resolve("revenant.yml"),
                "dataDir: /srv/revenant\nhttp:\n  port: 8081\ndatabase:\n  poolSize: 20\n");
        Map<String, String> env = Map.of("REVENANT_HTTP_PORT", "8082", "REVENANT_DATABASE_URL", "jdbc:postgresql://db/r");

        RevenantConfig c = RevenantConfig.load(Optional.of(f), env, Map.of("http.host", "0.0.0.0")).value();

        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/revenant"));
        assertThat(c.http().port()).isEqualTo(8082);
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.database().poolSize()).isEqualTo(20);
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db/r");
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> RevenantConfig.load(Optional.empty(), Map.of(), Map.of("http.port", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value for http.port: 'abc' (expected a number) from the command line");
    }

    @Test
    void aPortOutOfRangeIsNamedWithItsLayer() {
        assertThatThrownBy(() -> RevenantConfig.load(Optional.empty(), Map.of("REVENANT_HTTP_PORT", "70000"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.port must be 1..65535 (or 0 for any free port), not 70000"
                        + " (from environment variable REVENANT_HTTP_PORT)");
    }

    @Test
    void aMisspelledSectionOptionIsNamedWithTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("revenant.yml"), "http:\n  prot: 8081\n");
        assertThatThrownBy(() -> RevenantConfig.load(Optional.of(f), Map.of(), Map.of()))
                .hasMessage("unknown option 'http.prot' in " + f);
        Path g = Files.writeString(dir.resolve("other.yml"), "mig33:\n  prot: 9119\n");
        assertThatThrownBy(() -> RevenantConfig.load(Optional.of(g), Map.of(), Map.of()))
                .hasMessageStartingWith("unknown option 'mig33");
    }

    @Test
    void theConfigFileVariableIsNotAnOption() {
        assertThat(RevenantConfig.load(Optional.empty(), Map.of(RevenantConfig.CONFIG_FILE_VARIABLE, "x.yml"), Map.of())
                .value().http().port()).isEqualTo(8080);
    }

    @Test
    void theRenderedConfigMasksSecretsButShowsPaths() {
        Map<String, String> env = Map.of(
                "REVENANT_DATABASE_PASSWORD", "hunter2",
                "REVENANT_DATABASE_URL", "jdbc:postgresql://db/r?user=r&password=s3cret&ssl=true",
                "REVENANT_HTTP_ADMIN_TOKEN_FILE", "/etc/revenant/token");

        String yaml = RevenantConfig.load(Optional.empty(), env, Map.of()).toMaskedYaml();

        assertThat(yaml).doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("password: " + LoadedConfig.MASK)
                .contains("user=r&password=" + LoadedConfig.MASK + "&ssl=true")
                .contains("adminTokenFile: /etc/revenant/token")
                .contains("port: 8080")
                .contains("dataDir: ./data");
    }

    @Test
    void anEmptySecretShowsEmptySoTheOperatorSeesItIsUnset() {
        String yaml = RevenantConfig.load(Optional.empty(), Map.of(), Map.of()).toMaskedYaml();
        assertThat(yaml).doesNotContain(LoadedConfig.MASK).containsPattern("password: (''|\"\")");
    }

    @Test
    void theHttpListenersLimitsReadAsDurationsAndSizesAndNonsenseIsNamed() {
        RevenantConfig c = RevenantConfig.load(Optional.empty(), Map.of("REVENANT_HTTP_IDLE_TIMEOUT", "2m"),
                Map.of("http.maxBodyBytes", "64KiB", "http.headerTimeout", "5s")).value();

        assertThat(c.http().idleTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(c.http().headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(c.http().maxBodyBytes()).isEqualTo(DataSize.ofKibibytes(64));
        assertThatThrownBy(() -> RevenantConfig.load(Optional.empty(), Map.of(),
                Map.of("http.maxRequestsPerConnection", "0"))).hasMessageContaining("http.maxRequestsPerConnection");
        assertThatThrownBy(() -> RevenantConfig.load(Optional.empty(), Map.of(),
                Map.of("http.maxHeaderBytes", "100"))).hasMessageContaining("http.maxHeaderBytes");
        assertThatThrownBy(() -> RevenantConfig.load(Optional.empty(), Map.of(),
                Map.of("http.threads", "4"))).as("the listener has no threads of its own any more")
                .hasMessageContaining("unknown option 'http.threads'");
    }
}
