package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MIDlets' last fallback, mig33 over HTTP: the phone's network refuses the TCP ports (9119 and 25, as
 * many operators' networks did) and leads {@code http://gateway.mig33.com/} to the server's
 * {@code mig33.http.ports}. The unmodified client logs in over HTTP, shows its contact list, and chats with
 * bob, who is on TCP.
 */
class HttpFallbackClientTest {
    @TempDir Path data;

    /**
     * The generations {@code -Drevenant.midlets.http} names (the pom's default: all), within
     * {@code -Drevenant.midlets.versions} as every real-client test.
     */
    static Stream<String> versions() {
        String http = System.getProperty("revenant.midlets.http", "all");
        return RealClientTest.versions().filter(v -> http.equals("all") || List.of(http.split(",")).contains(v));
    }

    /**
     * The first start up to its Connection Settings page, and HTTP chosen there. Most generations do not fall
     * back to HTTP by themselves when both TCP ports are refused (4.62 says "Unable to connect" and asks
     * whether to learn how to set the phone up): their page lists TCP (with the focus), HTTP and Manual, and
     * tells the user to try TCP first, so one key down and Continue is what the user does next. 4.05 has no
     * such page on its first start and tries HTTP itself ("Connection test using HTTP is successful").
     */
    static void chooseHttp(Mig33Phone phone) {
        Phone p = phone.phone;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (!phone.shows("select your connection") || !phone.shows("HTTP")) {
            if (phone.shows("using HTTP is") || wentOverHttpToTheLoginForm(phone)) {
                return; // the connection test went over HTTP on its own
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no Connection Settings page within 90 s: " + phone.screen());
            }
            java.util.List<String> now = phone.screen();
            if (p.describe().contains("Choose Language")) {
                p.press(Phone.Key.SELECT); // English (US), the first
            } else if (phone.shows("first time") && p.commands().contains("Continue")) {
                p.command("Continue");
            }
            p.await("the next page", s -> !s.equals(now), java.time.Duration.ofSeconds(2), false);
        }
        p.pressAndSettle(Phone.Key.DOWN);
        p.command("Continue");
        // the connection test (a PING POSTed to http://gateway.mig33.com/) ends on the next page: the welcome
        // page, or (3.00) the login form. The page repaints in parts meanwhile, so a part without the choices
        // is not its end; a second Continue while the test runs would start a second one (see
        // Mig33Phone.continueOnce)
        if (testEnded(p, STALLED)) {
            return;
        }
        // 4.20 (one first start in six to eight here, on loopback) sometimes stays on the page for good, its PONG
        // come back within a tenth of a second: its own race with a quick answer. Having the page painted again
        // changed nothing; a second Continue showed the welcome page at once, with no second test, as the
        // MIDlet knew its test had passed. So after seconds of nothing, with the PONG in, the harness presses
        // Continue again, as a person would (never before the PONG: that would start a second test)
        if (phone.pongs() == 0 || !phone.shows("select your connection") || !p.commands().contains("Continue")) {
            throw new AssertionError("the HTTP connection test did not end within " + STALLED + ", and no PONG"
                    + " came back to a page that offers Continue again: " + phone.screen());
        }
        p.command("Continue");
        p.await("the connection test over HTTP to end after a second Continue", HttpFallbackClientTest::endOfTest,
                Mig33Phone.STEP);
    }

    /** How long a connection test that got its PONG is left on its page before Continue is pressed again. */
    static final java.time.Duration STALLED = java.time.Duration.ofSeconds(10);

    private static boolean testEnded(Phone p, java.time.Duration within) {
        return endOfTest(p.await("the connection test over HTTP to end", HttpFallbackClientTest::endOfTest, within, false));
    }

    private static boolean endOfTest(List<String> s) {
        return s.stream().noneMatch(l -> l.contains("select your connection"))
                && s.stream().anyMatch(l -> l.contains("Welcome") || l.contains("Login") || l.contains("successful"));
    }

    /**
     * 3.00 has no Connection Settings page: with both TCP ports refused its first start tries HTTP itself and
     * ends on the login form (whose Connection Type field then says HTTP). Its "Connection test using HTTP is
     * successful" can come and go between two looks of the harness on a busy machine.
     */
    private static boolean wentOverHttpToTheLoginForm(Mig33Phone phone) {
        return phone.phone.dialled().stream().anyMatch(url -> url.startsWith("http://"))
                && phone.shows("Username") && phone.shows("Password");
    }

    @ParameterizedTest(name = "mig33 {0} over HTTP")
    @MethodSource("versions")
    void aPhoneWhoseNetworkBlocksTcpLogsInOverHttpAndChatsWithATcpUser(String version) {
        try (Gateway gateway = new Gateway(data, Map.of("mig33.http.ports", "0",
                // every emulated phone is 127.0.0.1, and a 4.x phone over HTTP fetches its pictures itself
                "limits.newPerAddressPerSecond", "0")).overHttpOnly()) {
            gateway.befriendAliceAndBob();
            try (Mig33Phone phone = Mig33Phone.start(version, gateway);
                    Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
                try {
                    chooseHttp(phone);
                    phone.firstStartAndLogIn("alice", RealClientTest.PASSWORD);
                    assertThat(phone.phone.dialled()).as("the phone came over HTTP")
                            .anySatisfy(url -> assertThat(url).startsWith("http://gateway.mig33.com/"));
                    phone.toContactList("bob");
                    phone.report(RealClientTest.reports(version), "http-contact-list");

                    bob.sendMessage("alice", RealClientTest.FROM_BOB);
                    gateway.tap.await("bob's message in an HTTP answer to the phone", s -> !s.fromClient()
                            && s.packet().type() == PacketType.MESSAGE
                            && RealClientTest.FROM_BOB.equals(s.packet().string(8, "")), Mig33Phone.STEP);
                    // the message came with a poll, and the phone repaints its list around each request (3.08
                    // once showed it without bob for a moment): the list is walked once it shows bob, still
                    phone.awaitText("bob");
                    phone.phone.settle();
                    if (version.startsWith("3.")) {
                        phone.openChatByTab("bob", RealClientTest.FROM_BOB);
                    } else {
                        phone.openChatWith("bob", RealClientTest.FROM_BOB);
                    }
                    phone.write(RealClientTest.FROM_ALICE);
                    Packet got = bob.await(p -> p.type() == PacketType.MESSAGE
                            && RealClientTest.FROM_ALICE.equals(p.string(8, "")), "alice's message over HTTP");
                    assertThat(got.string(2, "")).isEqualTo("alice");
                    phone.report(RealClientTest.reports(version), "http-chat");
                } catch (AssertionError | RuntimeException e) {
                    phone.reportFailure(RealClientTest.reports(version), "http-failure");
                    throw new AssertionError(version + " (over HTTP): " + e.getMessage() + "\ndialled: "
                            + phone.phone.dialled() + "\nconversation:\n" + gateway.tap.transcript(), e);
                }
            }
        }
    }
}
