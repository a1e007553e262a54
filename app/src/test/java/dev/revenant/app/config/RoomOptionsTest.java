package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.config.Mig33Config;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chat room options: their defaults, and bad values are named. */
class RoomOptionsTest {
    private static Mig33Config load(Map<String, String> flags) {
        return RevenantConfig.load(Optional.empty(), Map.of(), flags).value().mig33();
    }

    @Test
    void theDefaults() {
        Mig33Config c = load(Map.of());
        assertThat(c.maxRoomsPerUser()).isEqualTo(3);
        assertThat(c.roomCapacity()).isEqualTo(50);
        assertThat(c.roomKickBan()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.maxJoinedRooms()).isEqualTo(10);
    }

    @Test
    void roomOptionsAreSetAndChecked() {
        Mig33Config c = load(Map.of("mig33.roomKickBan", "90s", "mig33.maxRoomsPerUser", "0", "mig33.roomCapacity", "200"));
        assertThat(c.roomKickBan()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxRoomsPerUser()).isZero();
        assertThat(c.roomCapacity()).isEqualTo(200);
        assertThatThrownBy(() -> load(Map.of("mig33.roomsPerPage", "0"))).hasMessageContaining("roomsPerPage");
        assertThatThrownBy(() -> load(Map.of("mig33.roomCapacity", "0"))).hasMessageContaining("roomCapacity");
        assertThatThrownBy(() -> load(Map.of("mig33.roomWelcomeMessage", "Welcome %d"))).hasMessageContaining("roomWelcomeMessage");
    }
}
