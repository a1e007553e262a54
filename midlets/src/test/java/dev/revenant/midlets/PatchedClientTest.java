package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generation patched by {@code revenant midlet patch} to this server's loopback address and ports,
 * run with no name-resolution trick: the phone dials what the patched MIDlet says, logs in and chats.
 */
class PatchedClientTest {
    @TempDir Path data;
    @TempDir Path patched;

    static java.util.stream.Stream<String> versions() {
        return RealClientTest.versions();
    }

    @ParameterizedTest(name = "patched mig33 {0}")
    @MethodSource("versions")
    void aPatchedCopyDialsTheServerItself(String version) {
        try (Gateway gateway = new Gateway(data, Map.of())) {
            gateway.register("alice", RealClientTest.PASSWORD);
            gateway.register("bob", RealClientTest.PASSWORD);
            try (Mig33Client alice = gateway.login("alice", RealClientTest.PASSWORD);
                    Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
                alice.call(alice.request(PacketType.ADD_CONTACT).string(12, "bob").build());
                bob.call(bob.request(PacketType.ACCEPT_CONTACT_REQUEST).string(1, "alice").bool(2, true).build());
            }
            try (Mig33Phone phone = Mig33Phone.startPatched(version, gateway, patched);
                    Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
                try {
                    phone.firstStartAndLogIn("alice", RealClientTest.PASSWORD);
                    phone.toContactList("bob");
                    bob.sendMessage("alice", "patched hello");
                    gateway.tap.await("bob's message on the phone's connection", s -> !s.fromClient()
                            && s.packet().type() == PacketType.MESSAGE
                            && "patched hello".equals(s.packet().string(8, "")), Mig33Phone.STEP);
                    // every connection the phone made went where the patch points, none to the old gateway
                    assertThat(phone.phone.dialled()).isNotEmpty()
                            .allSatisfy(url -> assertThat(url).doesNotContain("gateway.mig33.com"));
                    assertThat(phone.phone.dialled()).anySatisfy(url ->
                            assertThat(url).startsWith("socket://127.0.0.1:"));
                } catch (AssertionError | RuntimeException e) {
                    phone.report(RealClientTest.reports(version), "patched-failure");
                    throw new AssertionError(version + " (patched): " + e.getMessage() + "\nconversation:\n"
                            + gateway.tap.transcript(), e);
                }
            }
        }
    }
}
