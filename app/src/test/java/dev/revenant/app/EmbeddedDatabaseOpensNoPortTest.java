package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revenant.app.config.RevenantConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12, hardening item 1: H2's AUTO_SERVER opened a port on every interface, guarded only by an id
 * in a world-readable file, through which any local user read {@code secret.key} and ran commands as the
 * server's user. The embedded database now listens on nothing: a running server listens on its mig33
 * ports and its HTTP port, and on no other.
 */
class EmbeddedDatabaseOpensNoPortTest {
    @TempDir Path dataDir;

    @Test
    void aServerOnTheEmbeddedDatabaseListensOnItsOwnPortsOnly() throws Exception {
        assumeTrue(ListeningPorts.available(), "reads the kernel's TCP tables (Linux /proc)");
        Set<Integer> before = ListeningPorts.ofThisProcess();
        // the embedded store even under the PostgreSQL profile: it is the one that opened the port
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("database.url", ""));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            // an admin command opens the store as well
            assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass",
                    "--data-dir", dataDir.toString(), "--set", "database.url=")).isZero();

            Set<Integer> opened = new HashSet<>(ListeningPorts.ofThisProcess());
            opened.removeAll(before);
            assertThat(opened).as("ports this JVM started listening on with the server")
                    .containsExactlyInAnyOrder(server.mig33Addresses().get(0).getPort(), server.httpPort());
            // H2 wrote the address of its AUTO_SERVER port here for other processes to connect to
            assertThat(dataDir.resolve("revenant.lock.db")).doesNotExist();
        }
    }
}
