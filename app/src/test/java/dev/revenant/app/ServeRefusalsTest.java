package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.revenant.app.config.RevenantConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code serve} that cannot run says why in one line and exits 1: a port another program holds
 * (naming the port and the option that changes it, no stack trace), and a data directory another
 * {@code serve} holds, whatever the store (a PostgreSQL server does not stop two Revenants sharing
 * {@code secret.key}, {@code admin.url} and the PangYa keys).
 */
class ServeRefusalsTest {
    @TempDir Path dataDir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    /** {@code serve} on loopback and free ports unless {@code more} says otherwise; bounded, in case it serves. */
    private int serve(String... more) {
        List<String> given = List.of(more);
        List<String> args = new ArrayList<>(List.of("serve", "--data-dir", dataDir.toString(), "--set", "mig33.host=127.0.0.1"));
        if (!given.contains("pangya.enabled=true")) {
            args.addAll(List.of("--set", "pangya.enabled=false"));
        }
        for (String port : List.of("--mig33-port", "--http-port")) {
            if (!given.contains(port)) {
                args.addAll(List.of(port, "0"));
            }
        }
        args.addAll(given);
        streams.reset();
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Revenant.execute(args.toArray(String[]::new)),
                "serve started instead of refusing");
    }

    @Test
    void aBusyPortIsNamedWithTheOptionThatChangesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(serve("--mig33-port", String.valueOf(port))).isEqualTo(1);
            assertThat(streams.err()).contains("revenant: cannot listen on 127.0.0.1:" + port + " for mig33")
                    .contains("in use").contains("--mig33-port").doesNotContain("Exception").doesNotContain("\tat ");

            assertThat(serve("--http-port", String.valueOf(port))).isEqualTo(1);
            assertThat(streams.err()).contains("revenant: cannot listen on 127.0.0.1:" + port + " for http")
                    .contains("--http-port").doesNotContain("\tat ");

            // PangYa with its key tables: a taken port is the operator's to move, not a PangYa left out
            String keys = dev.revenant.core.testing.SharedData.require("data/pangya/keys.bin").toString();
            assertThat(serve("--set", "pangya.enabled=true", "--set", "pangya.host=127.0.0.1", "--pangya-keys", keys,
                    "--pangya-port", String.valueOf(port))).isEqualTo(1);
            assertThat(streams.err()).contains("revenant: cannot listen on 127.0.0.1:" + port + " for pangya")
                    .contains("--pangya-port").doesNotContain("\tat ");
        }
    }

    @Test
    void aSecondServeOnTheSameDataDirectoryIsRefused() throws Exception {
        RevenantConfig config = LocalConfig.of(dataDir, Map.of());
        try (RevenantServer first = new RevenantServer(config)) {
            first.start();
            // the same store as the first (embedded: one JVM shares an open H2 file, so only the lock stops it)
            assertThat(serve("--set", "database.url=" + config.database().url())).isEqualTo(1);
            assertThat(streams.err()).contains("revenant: another revenant serve is running on "
                    + dataDir.toAbsolutePath().normalize()).contains("--data-dir").doesNotContain("\tat ");
            assertThat(first.mig33Addresses()).as("the first keeps serving").hasSize(1);
        }
        // released at stop: the data directory serves again
        RevenantConfig again = LocalConfig.of(dataDir, Map.of());
        try (RevenantServer second = new RevenantServer(again)) {
            second.start();
        }
    }
}
