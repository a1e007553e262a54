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
 * its connection test, a typed login, the contact list with a contact's live presence, a private message
 * from a second user reaching the phone, and never an ERROR the phone did not ask for.
 */
class RealClientTest {
    static final String PASSWORD = "S3cretPass1";
    /**
     * Generations the harness logs in. 3.00 takes text in its own canvas with multi-tap keys, which the
     * harness does not type yet: it is checked up to its login form, and the test says so (skipped).
     */
    static final java.util.Set<String> LOGS_IN = java.util.Set.of("3.08", "4.05", "4.20", "4.30", "4.50", "4.62");
    @TempDir Path data;

    static Stream<String> versions() {
        Path clients = Mig33Phone.clients();
        if (!Files.isDirectory(clients)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("the original MIDlets are missing: " + clients.toAbsolutePath());
            }
            Assumptions.abort("the original MIDlets are not beside the checkout (" + clients + ")");
        }
        // -Drevenant.midlets.versions=4.20,4.62 runs only those generations (while working on one)
        String only = System.getProperty("revenant.midlets.versions", "");
        return Mig33Phone.versions().stream().filter(v -> only.isBlank() || List.of(only.split(",")).contains(v));
    }

    static Path reports(String version) {
        return Path.of(System.getProperty("revenant.midlets.reports", "target/midlet-reports"), version);
    }

    private void logInAndChat(String version, Gateway gateway, Mig33Phone phone, Mig33Client bob) {
        phone.firstStartAndLogIn("alice", PASSWORD);
        phone.toContactList("bob");
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
        gateway.tap.await("bob's message on the phone's connection", s -> !s.fromClient()
                && s.packet().type() == PacketType.MESSAGE
                && "hello from bob".equals(s.packet().string(8, "")), Mig33Phone.STEP);
        // the phone is still logged in and answering: its next PING gets its PONG
        phone.report(reports(version), "message-received");

        // a phone never gets an ERROR it did not ask for: each pops up a dialog
        List<String> errors = gateway.tap.seen().stream()
                .filter(s -> !s.fromClient() && s.packet().type() == PacketType.ERROR)
                .map(Object::toString).toList();
        assertThat(errors).as("ERROR packets sent to the phone").isEmpty();
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
            String skipped = null;
            try (Mig33Phone phone = Mig33Phone.start(version, gateway); Mig33Client bob = gateway.login("bob", PASSWORD)) {
                try {
                    if (!LOGS_IN.contains(version)) {
                        phone.firstStartToLoginForm();
                        phone.report(reports(version), "login-form");
                        skipped = version + ": checked up to the login form (first start and connection test);"
                                + " the harness does not type into its own text entry yet";
                    } else {
                        logInAndChat(version, gateway, phone, bob);
                    }
                } catch (AssertionError | IllegalStateException | java.io.UncheckedIOException e) {
                    phone.report(reports(version), "failure");
                    throw new AssertionError(version + ": " + e.getMessage() + "\nconversation:\n"
                            + gateway.tap.transcript(), e);
                }
            }
            Assumptions.assumeTrue(skipped == null, skipped);
        }
    }
}
