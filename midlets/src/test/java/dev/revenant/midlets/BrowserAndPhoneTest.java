package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.HeadlessChromium;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 11 §3: a member on a real MIDlet and a member in the web chat client (/chat, in headless Chromium) on
 * one server. bob, in the browser, and alice, on the phone, chat both ways; then bob joins the room where
 * alice talks, hears her line and answers in the room. The phone is the unmodified client in the emulator;
 * the browser talks mig33 over the server's WebSocket.
 */
class BrowserAndPhoneTest {
    @TempDir Path data;

    static final String FROM_BROWSER = "hello from a browser";
    static final String FROM_PHONE = "hello from a phone";
    static final String ROOM_LINE_FROM_PHONE = "phone here";
    static final String ROOM_LINE_FROM_BROWSER = "browser here";

    /** The generations {@code -Drevenant.midlets.browser} names (the pom's default: all). */
    static Stream<String> versions() {
        String chosen = System.getProperty("revenant.midlets.browser", "all");
        return RealClientTest.versions().filter(v -> chosen.equals("all") || List.of(chosen.split(",")).contains(v));
    }

    @ParameterizedTest(name = "mig33 {0} and a browser")
    @MethodSource("versions")
    void aBrowserMemberAndAPhoneMemberChatAndMeetInARoom(String version) throws Exception {
        HeadlessChromium.presentOrSkip();
        try (Gateway gateway = new Gateway(data, Map.of())) {
            gateway.befriendAliceAndBob();
            // the room is erin's, so that neither member is its administrator
            gateway.register("erin", RealClientTest.PASSWORD);
            try (Mig33Client erin = gateway.login("erin", RealClientTest.PASSWORD)) {
                erin.createChatRoom(RealClientTest.ROOM, "erin's room", "", true);
            }
            WebDriver browser = HeadlessChromium.open(1100, 760);
            try (Mig33Phone phone = Mig33Phone.start(version, gateway)) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                try {
                    browser.get("http://127.0.0.1:" + gateway.server.httpPort() + "/chat");
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
                    browser.findElement(By.id("username")).sendKeys("bob");
                    browser.findElement(By.id("password")).sendKeys(RealClientTest.PASSWORD);
                    browser.findElement(By.id("log-in")).click();
                    wait.until(ExpectedConditions.textToBe(By.id("me-name"), "bob"));

                    phone.firstStartAndLogIn("alice", RealClientTest.PASSWORD);
                    phone.toContactList("bob");
                    // the browser sees the phone come online
                    wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("#contacts li.contact[data-user=alice][data-presence=available]")));

                    // browser → phone, then phone → browser
                    browser.findElement(By.cssSelector("#contacts li[data-user=alice]")).click();
                    say(browser, FROM_BROWSER);
                    gateway.tap.await("the browser's message on its way to the phone", s -> !s.fromClient()
                            && s.packet().type() == PacketType.MESSAGE && FROM_BROWSER.equals(s.packet().string(8, "")),
                            Mig33Phone.STEP);
                    phone.openChatWith("bob", FROM_BROWSER);
                    phone.write(FROM_PHONE);
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), FROM_PHONE));
                    phone.report(RealClientTest.reports(version), "browser-chat");

                    // the room: the browser member is in it first (so the phone lists it as busy), the phone
                    // joins and talks, the browser hears it and answers
                    browser.findElement(By.cssSelector("#tabs button[data-tab=rooms]")).click();
                    browser.findElement(By.id("room-search")).sendKeys(RealClientTest.ROOM_SEARCH);
                    browser.findElement(By.cssSelector("#room-search-form button")).click();
                    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                            "#room-list li[data-room=" + RealClientTest.ROOM + "] button.join"))).click();
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                            "Welcome to " + RealClientTest.ROOM));
                    if (version.startsWith("3.")) {
                        phone.backToContactList("bob");
                        phone.joinRoomFromList(RealClientTest.ROOM, RealClientTest.ROOM_SEARCH);
                    } else {
                        phone.joinRoomFromCommunity(RealClientTest.ROOM, RealClientTest.ROOM_SEARCH);
                    }
                    phone.awaitText("Welcome to " + RealClientTest.ROOM);
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "alice has entered"));
                    phone.write(ROOM_LINE_FROM_PHONE);
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), ROOM_LINE_FROM_PHONE));
                    wait.until(d -> d.findElements(By.cssSelector("#participants li")).stream()
                            .map(e -> e.getAttribute("data-user")).toList().containsAll(List.of("alice", "bob")));
                    say(browser, ROOM_LINE_FROM_BROWSER);
                    phone.awaitText(ROOM_LINE_FROM_BROWSER);
                    phone.report(RealClientTest.reports(version), "browser-room");
                } catch (AssertionError | RuntimeException e) {
                    phone.report(RealClientTest.reports(version), "browser-failure");
                    HeadlessChromium.screenshot(browser, "midlet-reports/" + version, "browser-failure.png");
                    throw new AssertionError(version + " with a browser: " + e.getMessage() + "\nconversation:\n"
                            + gateway.tap.transcript(), e);
                }
            } finally {
                browser.quit();
            }
        }
    }

    private static void say(WebDriver browser, String text) {
        browser.findElement(By.id("compose-text")).sendKeys(text);
        browser.findElement(By.id("send")).click();
    }
}
