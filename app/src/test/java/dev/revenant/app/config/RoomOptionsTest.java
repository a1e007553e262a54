package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.config.Mig33Config;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chat room options: the defaults file and {@link Mig33Config#defaults()} agree, and bad values are named. */
class RoomOptionsTest {
    private static Mig33Config load(Map<String, String> flags) {
        return RevenantConfig.load(Optional.empty(), Map.of(), flags).value().mig33();
    }

    @Test
    void theDefaultsFileAndTheBuiltInDefaultsAgree() {
        Mig33Config file = load(Map.of());
        Mig33Config builtIn = Mig33Config.defaults();
        assertThat(file.maxRoomsPerUser()).isEqualTo(builtIn.maxRoomsPerUser()).isEqualTo(3);
        assertThat(file.roomCapacity()).isEqualTo(builtIn.roomCapacity()).isEqualTo(50);
        assertThat(file.roomKickBan()).isEqualTo(builtIn.roomKickBan()).isEqualTo(Duration.ofMinutes(10));
        assertThat(file.roomsPerPage()).isEqualTo(builtIn.roomsPerPage());
        assertThat(file.maxFavouriteRooms()).isEqualTo(builtIn.maxFavouriteRooms());
        assertThat(file.roomWelcomeMessage()).isEqualTo(builtIn.roomWelcomeMessage());
        assertThat(file.maxJoinedRooms()).isEqualTo(builtIn.maxJoinedRooms()).isEqualTo(10);
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
