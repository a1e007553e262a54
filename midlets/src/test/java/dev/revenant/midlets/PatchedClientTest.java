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
            befriendAliceAndBob(gateway);
            try (Mig33Phone phone = Mig33Phone.startPatched(version, gateway, patched)) {
                logsInAndGetsAMessage(version, "patched", gateway, phone);
            }
        }
    }

    /** alice and bob registered, each in the other's contact list. */
    static void befriendAliceAndBob(Gateway gateway) {
        gateway.register("alice", RealClientTest.PASSWORD);
        gateway.register("bob", RealClientTest.PASSWORD);
        try (Mig33Client alice = gateway.login("alice", RealClientTest.PASSWORD);
                Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
            alice.call(alice.request(PacketType.ADD_CONTACT).string(12, "bob").build());
            bob.call(bob.request(PacketType.ACCEPT_CONTACT_REQUEST).string(1, "alice").bool(2, true).build());
        }
    }

    /**
     * The phone, running a copy that dials the wire tap's ports, logs in as alice and gets bob's message;
     * every connection it made went where the copy points, none to the old gateway. A failure leaves the
     * phone's report as {@code <how>-failure}.
     */
    static void logsInAndGetsAMessage(String version, String how, Gateway gateway, Mig33Phone phone) {
        try (Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
            try {
                phone.firstStartAndLogIn("alice", RealClientTest.PASSWORD);
                phone.toContactList("bob");
                bob.sendMessage("alice", how + " hello");
                gateway.tap.await("bob's message on the phone's connection", s -> !s.fromClient()
                        && s.packet().type() == PacketType.MESSAGE
                        && (how + " hello").equals(s.packet().string(8, "")), Mig33Phone.STEP);
                assertThat(phone.phone.dialled()).isNotEmpty()
                        .allSatisfy(url -> assertThat(url).doesNotContain("gateway.mig33.com"));
                // either of the copy's ports (4.62 may start with the fallback one)
                assertThat(phone.phone.dialled()).anySatisfy(url -> assertThat(url).isIn(
                        "socket://127.0.0.1:" + gateway.tap.port(), "socket://127.0.0.1:" + gateway.tap.fallbackPort()));
            } catch (AssertionError | RuntimeException e) {
                phone.report(RealClientTest.reports(version), how + "-failure");
                throw new AssertionError(version + " (" + how + "): " + e.getMessage() + "\nconversation:\n"
                        + gateway.tap.transcript(), e);
            }
        }
    }
}
