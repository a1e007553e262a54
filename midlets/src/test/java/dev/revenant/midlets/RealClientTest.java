package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generation of the original mig33 MIDlet, unmodified, against a real server: the first start with
 * its connection test, a typed login, the contact list with a contact's live presence, and a private
 * message each way between the phone and a second user.
 */
class RealClientTest {
    static final String PASSWORD = "S3cretPass1";
    @TempDir Path data;

    static Stream<String> versions() {
        Path clients = Mig33Phone.clients();
        if (!Files.isDirectory(clients)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("the original MIDlets are missing: " + clients.toAbsolutePath());
            }
            Assumptions.abort("the original MIDlets are not beside the checkout (" + clients + ")");
        }
        return Mig33Phone.versions().stream();
    }

    static Path reports(String version) {
        return Path.of(System.getProperty("revenant.midlets.reports", "target/midlet-reports"), version);
    }

    @ParameterizedTest(name = "mig33 {0}")
    @MethodSource("versions")
    void firstStartLoginContactsAndChat(String version) throws Exception {
        try (Gateway gateway = new Gateway(data, Map.of())) {
            gateway.register("alice", PASSWORD);
            gateway.register("bob", PASSWORD);
            // alice and bob are contacts of each other: alice asks, bob accepts and adds her back
            try (Mig33Client alice = gateway.login("alice", PASSWORD); Mig33Client bob = gateway.login("bob", PASSWORD)) {
                alice.call(alice.request(PacketType.ADD_CONTACT).string(12, "bob").build());
                bob.call(bob.request(PacketType.ACCEPT_CONTACT_REQUEST).string(1, "alice").bool(2, true).build());
            }
            try (Mig33Phone phone = Mig33Phone.start(version, gateway); Mig33Client bob = gateway.login("bob", PASSWORD)) {
                try {
                    phone.firstRunToLoginForm();
                    phone.logIn("alice", PASSWORD);
                    phone.awaitText("bob");
                    phone.report(reports(version), "contact-list");

                    // the server told the phone that bob is online, in the contact list or as a push
                    assertThat(gateway.tap.seen()).anySatisfy(s -> {
                        Packet p = s.packet();
                        assertThat(s.fromClient()).isFalse();
                        assertThat(p.type()).isIn(PacketType.CONTACT, PacketType.PRESENCE);
                        assertThat(p.integer(p.type() == PacketType.CONTACT ? 13 : 2, 0)).isEqualTo(1);
                    });

                    bob.call(bob.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "alice")
                            .int16(6, 1).string(8, "hello from bob").build());
                    phone.awaitText("hello from bob");
                    phone.report(reports(version), "message-received");

                    // a phone never gets an ERROR it did not ask for: each pops up a dialog
                    List<String> errors = gateway.tap.seen().stream()
                            .filter(s -> !s.fromClient() && s.packet().type() == PacketType.ERROR)
                            .map(Object::toString).toList();
                    assertThat(errors).as("ERROR packets sent to the phone").isEmpty();
                } catch (AssertionError | RuntimeException e) {
                    phone.report(reports(version), "failure");
                    throw new AssertionError(version + ": " + e.getMessage() + "\nconversation:\n"
                            + gateway.tap.transcript(), e);
                }
            }
        }
    }
}
