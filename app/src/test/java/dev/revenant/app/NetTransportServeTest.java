package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.net.Transport;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code net.transport}: the whole server on each kind of event loop, and a start line that says which. */
class NetTransportServeTest {
    @TempDir Path dataDir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void theServerServesMig33AndHttpOnTheTransportItWasGivenAndSaysSoWhenItStarts(String transport) throws Exception {
        // where epoll cannot load there is nothing to serve on (core's TransportTest says where it must load)
        if (transport.equals("epoll") && Transport.choose("auto") != Transport.EPOLL) {
            return;
        }
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("net.transport", transport));
        try (CapturedLogs logs = new CapturedLogs(); RevenantServer server = new RevenantServer(config)) {
            server.start();
            assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass", "--data-dir",
                    dataDir.toString(), "--set", "database.url=" + config.database().url())).isZero();
            Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0));
            assertThat(alice.login("alice", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
            alice.close();
            assertThat(RevenantServerTest.getFrom("127.0.0.1", server.httpPort(), "/health")).startsWith("HTTP/1.1 200");
            assertThat(logs.events()).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .startsWith("event=started").endsWith(" transport=" + transport));
        }
    }

    @Test
    void aTransportThatIsNotOneOfTheThreeStopsTheServeCommandBeforeItListens() {
        assertThat(Revenant.execute("serve", "--data-dir", dataDir.toString(), "--set", "net.transport=kqueue"))
                .isEqualTo(2);
        assertThat(streams.err()).contains("net.transport must be auto, nio or epoll, not kqueue");
    }
}
