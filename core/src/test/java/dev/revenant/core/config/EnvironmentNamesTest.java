package dev.revenant.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentNamesTest {
    @ParameterizedTest
    @CsvSource({
        "mig33.idleTimeout,REVENANT_MIG33_IDLE_TIMEOUT",
        "database.url,REVENANT_DATABASE_URL",
        "database.connectTimeoutMillis,REVENANT_DATABASE_CONNECT_TIMEOUT_MILLIS",
        "dataDir,REVENANT_DATA_DIR",
        "http.publicURLPath,REVENANT_HTTP_PUBLIC_URL_PATH",
        "pangya.gameServer2Port,REVENANT_PANGYA_GAME_SERVER2_PORT",
    })
    void upperSnakeCaseOfTheDottedPath(String path, String variable) {
        assertThat(EnvironmentNames.of(path)).isEqualTo(variable);
    }
}
