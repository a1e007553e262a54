package dev.revenant.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.Revenant;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import dev.revenant.app.StandardStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code revenant room add|del|list} against a real store, as an operator types them. */
class RoomCommandTest {
    @TempDir Path dataDir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();
    private DatabaseConfig store;

    @BeforeEach
    void freshStore() {
        store = TestStores.fresh();
    }

    private int revenant(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString(), "--set", "database.url=" + store.url(),
                "--set", "mig33.roomCapacity=25"));
        streams.reset();
        return Revenant.execute(all.toArray(String[]::new));
    }

    private String out() {
        return streams.out();
    }

    @Test
    void addListAndDeleteRooms() {
        assertThat(revenant("user", "add", "alice", "--password", "S3cretPass")).isZero();
        assertThat(revenant("room", "add", "Lobby", "--description", "Say hello", "--capacity", "100",
                "--admin", "alice", "--keywords", "hello newbies")).isZero();
        assertThat(out()).contains("room Lobby added");
        assertThat(revenant("room", "add", "Alice's Den", "--owner", "alice", "--no-kicking")).isZero();

        assertThat(revenant("room", "add", "LOBBY")).as("names are unique whatever their case").isEqualTo(1);
        assertThat(streams.err()).contains("there is a room called LOBBY already");
        assertThat(revenant("room", "add", "bad;name")).isEqualTo(1);
        assertThat(revenant("room", "add", "Nowhere", "--owner", "nobody")).isEqualTo(1);
        assertThat(streams.err()).contains("no user nobody");

        assertThat(revenant("room", "list")).isZero();
        assertThat(out()).containsPattern("Alice's Den\\s+25\\s+alice\\s+-\\s+no")
                .containsPattern("Lobby\\s+100\\s+-\\s+alice\\s+yes")
                .doesNotContain("Nowhere");

        assertThat(revenant("room", "del", "lobby")).isZero();
        assertThat(out()).contains("room lobby deleted");
        assertThat(revenant("room", "del", "lobby")).isEqualTo(1);
        assertThat(revenant("room", "list")).isZero();
        assertThat(out()).doesNotContain("Lobby").contains("Alice's Den");
    }
}
