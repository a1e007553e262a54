package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.revenant.app.config.RevenantConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway listens where the MIDlets dial: 9119, then their fallback 25. The first port of
 * {@code mig33.ports} must be bound; a further one that cannot be (a port below 1024 without the privilege,
 * a port another program holds) is one clear log line, and the gateway serves on the rest.
 */
class Mig33FallbackPortsTest {
    @TempDir Path dataDir;

    @Test
    void theDefaultPortsAreTheOnesTheMidletsDial() {
        RevenantConfig defaults = RevenantConfig.load(Optional.empty(), Map.of(), Map.of()).value();
        assertThat(defaults.mig33().ports()).containsExactly(9119, 25);
    }

    @Test
    void aFallbackPortThatCannotBeBoundIsSaidAndTheGatewayServesOnTheFirst() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                CapturedLogs logs = new CapturedLogs();
                RevenantServer server = new RevenantServer(LocalConfig.of(dataDir,
                        Map.of("mig33.ports", "0," + taken.getLocalPort())))) {
            server.start();
            assertThat(server.mig33Addresses()).hasSize(1);
            InetSocketAddress first = server.mig33Addresses().get(0);
            assertThat(first.getPort()).isNotEqualTo(taken.getLocalPort());
            try (dev.revenant.mig33.client.Mig33Client client = dev.revenant.mig33.client.Mig33Client.connect(first)) {
                client.register("alice", "S3cretPass1", "60123456789");
            }
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .map(e -> e.getFormattedMessage())
                    .anySatisfy(line -> assertThat(line).contains("event=mig33_port_not_bound")
                            .contains("127.0.0.1:" + taken.getLocalPort()).contains("in use").contains("mig33.ports"));
        }
    }
}
