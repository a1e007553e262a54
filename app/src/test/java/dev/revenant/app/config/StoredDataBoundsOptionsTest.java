package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.config.Mig33Config;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bounds on what the mig33 store keeps: their defaults, and bad values are named. */
class StoredDataBoundsOptionsTest {
    private static Mig33Config load(Map<String, String> flags) {
        return RevenantConfig.load(Optional.empty(), Map.of(), flags).value().mig33();
    }

    @Test
    void theDefaults() {
        Mig33Config c = load(Map.of());
        assertThat(c.maxOfflineMessages()).isEqualTo(500);
        assertThat(c.offlineMessageExpiry()).isEqualTo(Duration.ofDays(30));
        assertThat(c.offlineMessagesPerCommit()).isEqualTo(100);
        assertThat(c.offlineMessageWriters()).isEqualTo(2);
        assertThat(c.roomExpiry()).isEqualTo(Duration.ofDays(90));
        assertThat(c.maxStoredBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
    }

    @Test
    void theBoundsAreSetAndChecked() {
        Mig33Config c = load(Map.of("mig33.maxOfflineMessages", "50", "mig33.offlineMessageExpiry", "7d",
                "mig33.roomExpiry", "0s", "mig33.maxStoredBytes", "1073741824", "mig33.offlineMessagesPerCommit", "20",
                "mig33.offlineMessageWriters", "1"));
        assertThat(c.offlineMessagesPerCommit()).isEqualTo(20);
        assertThat(c.offlineMessageWriters()).isEqualTo(1);
        assertThat(c.maxOfflineMessages()).isEqualTo(50);
        assertThat(c.offlineMessageExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(c.roomExpiry()).as("never").isZero();
        assertThat(c.maxStoredBytes()).isEqualTo(1L << 30);
        assertThatThrownBy(() -> load(Map.of("mig33.maxOfflineMessages", "0"))).hasMessageContaining("maxOfflineMessages");
        assertThatThrownBy(() -> load(Map.of("mig33.offlineMessagesPerCommit", "0")))
                .hasMessageContaining("offlineMessagesPerCommit");
        assertThatThrownBy(() -> load(Map.of("mig33.offlineMessageWriters", "0")))
                .hasMessageContaining("offlineMessageWriters");
        assertThatThrownBy(() -> load(Map.of("mig33.offlineMessageExpiry", "0s"))).hasMessageContaining("offlineMessageExpiry");
        assertThatThrownBy(() -> load(Map.of("mig33.maxStoredBytes", "100"))).hasMessageContaining("maxStoredBytes");
    }
}
