package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.config.Mig33Config;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mig33 login options: their defaults, and bad values are named. */
class LoginOptionsTest {
    private static Mig33Config load(Map<String, String> flags) {
        return RevenantConfig.load(Optional.empty(), Map.of(), flags).value().mig33();
    }

    @Test
    void theDefaults() {
        Mig33Config c = load(Map.of());
        assertThat(c.loginRecords()).isEqualTo(100_000);
        assertThat(c.loginProofs()).isEqualTo("0-299: hash, hash-lower; 300-499: hash-lower; 500-: sha1");
    }

    @Test
    void loginOptionsAreSetAndChecked() {
        Mig33Config c = load(Map.of("mig33.loginProofs", "420-499: hash-lower, hash; 500-: sha1", "mig33.loginRecords", "5000"));
        assertThat(c.loginProofs()).isEqualTo("420-499: hash-lower, hash; 500-: sha1");
        assertThat(c.loginRecords()).isEqualTo(5000);
        assertThatThrownBy(() -> load(Map.of("mig33.loginProofs", "0-: md5"))).hasMessageContaining("loginProofs");
        assertThatThrownBy(() -> load(Map.of("mig33.loginRecords", "10"))).hasMessageContaining("loginRecords");
    }
}
