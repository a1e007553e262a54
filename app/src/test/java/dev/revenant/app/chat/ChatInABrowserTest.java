package dev.revenant.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.HeadlessChromium;
import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 11 §3: the web chat client at /chat in a real headless Chromium ({@link HeadlessChromium}), against a
 * real server, talking mig33 over its WebSocket, with a phone user on TCP (the client library) on the other
 * side. The browser member registers (the captcha shown), finds a message that waited at login, accepts a
 * contact request, chats both ways, sends and receives pictures shown inline, sets a status message the
 * phone sees, joins a room where the phone talks (lines, participants, a kick vote), is added to a group
 * chat, and keeps the conversation across a reload without the password kept anywhere. The main screens are
 * photographed into target/chat-screenshots, and into {@code -Drevenant.screenshots=DIR} when given
 * (docs/CLIENTS.md's pictures).
 */
class ChatInABrowserTest {
    static final String SHOTS = "chat-screenshots";
    static final String PASSWORD = "Br0wserPass";
    @TempDir Path dataDir;
    @TempDir Path files;

    @Test
    void theLoginProofIsTheSpecsAndTheHistoryKeepsItsLimit() throws Exception {
        HeadlessChromium.presentOrSkip();
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            WebDriver browser = HeadlessChromium.open(1000, 700);
            try {
                browser.get("http://127.0.0.1:" + server.httpPort() + "/chat");
                @SuppressWarnings("unchecked")
                Map<String, Object> got = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        Promise.all([import('/chat/mig33.js'), import('/chat/history.js')]).then(async ([m, h]) => {
                          const out = {};
                          out.webCrypto = await m.sha1Fold('abc123secret');
                          // the page's own SHA-1, used where WebCrypto is missing (plain http off localhost)
                          Object.defineProperty(crypto, 'subtle', { value: undefined, configurable: true });
                          out.ownSha1 = await m.sha1Fold('abc123secret');
                          delete crypto.subtle;
                          const long = 'Fw7dK2b' + 'é€😀'.repeat(40);
                          const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
                          out.sameDigest = hex(m.sha1(new TextEncoder().encode(long)))
                            === hex(new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(long))));
                          const history = new h.History('limit');
                          for (let i = 0; i < h.MAX_LINES + 50; i++) history.add('u:bob', { text: 'line ' + i });
                          history.add('u:bob', { kind: 'picture', src: 'data:image/png;base64,AAAA', text: 'a picture' });
                          const again = new h.History('limit').conversation('u:bob');
                          out.max = h.MAX_LINES;
                          out.kept = again.lines.length;
                          out.first = again.lines[0].text;
                          out.pictureSrcKept = 'src' in again.lines.at(-1);
                          done(out);
                        }).catch((e) => done({ error: String(e) }));
                        """);
                assertThat(got).doesNotContainKey("error");
                // spec §4.4's worked example: challenge abc123, password secret
                assertThat(got.get("webCrypto")).isEqualTo(1197072607L);
                assertThat(got.get("ownSha1")).isEqualTo(1197072607L);
                assertThat(got.get("sameDigest")).isEqualTo(true);
                assertThat(got.get("max")).isEqualTo(200L);
                assertThat(got.get("kept")).isEqualTo(200L);
                assertThat(got.get("first")).isEqualTo("line 51");
                assertThat(got.get("pictureSrcKept")).isEqualTo(false);
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void aCaptchaThatOutlivedItsConnectionIsReplacedNotSentInVain() throws Exception {
        HeadlessChromium.presentOrSkip();
        // the server closes a connection that has not logged in within mig33.loginTimeout, the captcha with it
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.loginTimeout", "2s")))) {
            server.start();
            WebDriver browser = HeadlessChromium.open(1000, 700);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + server.httpPort() + "/chat");
                wait.until(ExpectedConditions.elementToBeClickable(By.id("show-register"))).click();
                wait.until(ExpectedConditions.attributeContains(By.id("captcha"), "src", "data:image/png;base64,"));
                String first = browser.findElement(By.id("captcha")).getAttribute("src");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                        "The picture expired: press Register for a new one."));
                browser.findElement(By.id("reg-username")).sendKeys("dave");
                browser.findElement(By.id("reg-password")).sendKeys(PASSWORD);
                browser.findElement(By.id("captcha-answer")).sendKeys("ABCD");
                browser.findElement(By.id("register")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Type the letters of the new picture."));
                wait.until(d -> !first.equals(d.findElement(By.id("captcha")).getAttribute("src")));
                assertThat(browser.findElement(By.id("captcha-answer")).getAttribute("value")).isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void aBrowserMemberAndAPhoneMemberChatEveryWay() throws Exception {
        HeadlessChromium.presentOrSkip();
        // the captcha is still drawn and shown; switched off, its picture says OK and any answer does
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.registrationCaptcha", "false")))) {
            server.start();
            var mig33 = server.mig33Addresses().get(0);
            String base = "http://127.0.0.1:" + server.httpPort();
            try (Mig33Client reg = Mig33Client.connect(mig33)) {
                reg.register("alice", "S3cretPass", "60123");
                reg.register("carol", "S3cretPass", "60125");
            }
            byte[] alicesPicture = png(Color.ORANGE);
            Path bobsPicture = files.resolve("bob.png");
            Files.write(bobsPicture, png(Color.BLUE));
            WebDriver browser = HeadlessChromium.open(1200, 820);
            try (Mig33Client alice = Mig33Client.connect(mig33); Mig33Client carol = Mig33Client.connect(mig33)) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                JavascriptExecutor js = (JavascriptExecutor) browser;

                // registering, with the captcha
                browser.get(base + "/chat");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
                HeadlessChromium.screenshot(browser, SHOTS, "chat-login.png");
                browser.findElement(By.id("show-register")).click();
                wait.until(d -> (Boolean) js.executeScript(
                        "const c = document.getElementById('captcha'); return c.complete && c.naturalWidth > 0"));
                browser.findElement(By.id("reg-username")).sendKeys("bob");
                browser.findElement(By.id("reg-password")).sendKeys(PASSWORD);
                browser.findElement(By.id("captcha-answer")).sendKeys("OK");
                HeadlessChromium.screenshot(browser, SHOTS, "chat-register.png");
                browser.findElement(By.id("register")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Welcome to mig33, bob"));
                assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo("bob");

                // while bob is away: alice asks to be his contact and leaves him a message
                alice.login("alice", "S3cretPass");
                assertThat(alice.addContact("bob").type()).isEqualTo(PacketType.CONTACT);
                alice.sendMessage("bob", "Are you there?");
                carol.login("carol", "S3cretPass");
                assertThat(carol.addContact("bob").type()).isEqualTo(PacketType.CONTACT);

                // a wrong password: the server's answer, in red, and the form again
                browser.findElement(By.id("password")).sendKeys("Wr0ngPass");
                browser.findElement(By.id("log-in")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#notice.error"),
                        "Username and password do not match"));
                assertThat(browser.findElement(By.id("login-view")).isDisplayed()).isTrue();
                logIn(browser, wait);
                // the message that waited, marked so, in a chat of its own (alice is no contact of his yet)
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#chats li[data-chat='u:alice'] .unread")));
                // the contact request, accepted: alice joins his list, online, and sees him online
                WebElement request = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#request-list li[data-user=alice]")));
                HeadlessChromium.screenshot(browser, SHOTS, "chat-contacts.png");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#request-list li[data-user=carol]")))
                        .findElement(By.cssSelector("button.reject")).click();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#request-list li[data-user=carol]")));
                request.findElement(By.cssSelector("button.accept")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#contacts li.contact[data-user=alice][data-presence=available]")));
                assertThat(browser.findElements(By.cssSelector("#request-list li"))).isEmpty();
                assertThat(browser.findElements(By.cssSelector("#contacts li[data-user=carol]"))).isEmpty();
                Packet seen = alice.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 1, "bob's presence");
                assertThat(seen.txn()).isZero();

                // the private chat, both ways
                browser.findElement(By.cssSelector("#contacts li[data-user=alice]")).click();
                WebElement waited = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages li.offline")));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#contacts li[data-user=alice] .unread")));
                assertThat(waited.getText()).contains("alice", "Are you there?", "sent while you were away");
                say(browser, "Yes! Hello from a browser");
                Packet heard = alice.await(p -> p.type() == PacketType.MESSAGE && "bob".equals(p.string(2)), "bob's message");
                assertThat(heard.string(8)).isEqualTo("Yes! Hello from a browser");
                assertThat(heard.integer(3, 0)).isEqualTo(1);
                alice.sendMessage("bob", "Hi bob, this is a phone");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Hi bob, this is a phone"));

                // pictures: alice's shown inline from this server; bob's sent with the file picker
                assertThat(alice.sendPicture("bob", alicesPicture).type()).isEqualTo(PacketType.OK);
                wait.until(d -> (Boolean) js.executeScript("const i = document.querySelector('#messages li.picture:not(.mine) img');"
                        + " return !!i && i.complete && i.naturalWidth === 160 && i.getAttribute('src').startsWith('/files/')"));
                browser.findElement(By.id("picture-input")).sendKeys(bobsPicture.toString());
                Packet file = alice.awaitPush(PacketType.FILE_RECEIVED);
                assertThat(file.string(2)).isEqualTo("bob");
                String token = file.string(5).substring(file.string(5).lastIndexOf('/') + 1);
                HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(base + "/files/" + token)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(fetched.body()).isEqualTo(Files.readAllBytes(bobsPicture));
                wait.until(d -> (Boolean) js.executeScript("const i = document.querySelector('#messages li.picture.mine img');"
                        + " return !!i && i.complete && i.naturalWidth === 160"));

                // a file past the server's limit is refused by the page itself: sent, it would be larger than a
                // WebSocket message may be, and the server would end the session instead of answering
                Path huge = files.resolve("huge.png");
                Files.write(huge, new byte[2 * 1024 * 1024]);
                browser.findElement(By.id("picture-input")).sendKeys(huge.toString());
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#notice.error"),
                        "That picture is too large (2048 KB): at most 300 KB is accepted."));
                say(browser, "Still here");
                assertThat(alice.await(p -> p.type() == PacketType.MESSAGE && "bob".equals(p.string(2)), "bob's message")
                        .string(8)).isEqualTo("Still here");

                // status messages: his reaches the phone, hers shows in his list
                browser.findElement(By.id("my-status")).sendKeys("Out for lunch");
                browser.findElement(By.cssSelector("#status-form button")).click();
                Packet status = alice.awaitPush(PacketType.STATUS_MESSAGE);
                assertThat(status.string(2)).isEqualTo("Out for lunch");
                new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("my-presence"))).selectByVisibleText("Away");
                assertThat(alice.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 4, "bob away").txn()).isZero();
                alice.setStatusMessage("On the bus");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#contacts li[data-user=alice] .status"), "On the bus"));
                HeadlessChromium.screenshot(browser, SHOTS, "chat-private.png");

                // an operator's announcement (revenant alert) reaches the page
                String adminToken = Files.readString(dataDir.resolve("admin.token")).strip();
                HttpResponse<String> alerted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/mig33/alert"))
                        .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.ofString(
                                "{\"text\": \"The server restarts at noon\", \"user\": \"bob\", \"title\": \"Operators\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(alerted.body()).contains("\"delivered\":1");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#notice.info"),
                        "Operators: The server restarts at noon"));

                // a server's refusal is shown as it says
                browser.findElement(By.id("add-contact-name")).sendKeys("nobody-here");
                browser.findElement(By.cssSelector("#add-contact-form button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#notice.error")));
                assertThat(browser.findElement(By.id("notice")).getText()).containsIgnoringCase("nobody-here");
                // adding a contact: carol, whose own request he turned down, is on his list now
                browser.findElement(By.id("add-contact-name")).clear();
                browser.findElement(By.id("add-contact-name")).sendKeys("carol");
                browser.findElement(By.cssSelector("#add-contact-form button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#contacts li.contact[data-user=carol]")));
                browser.findElement(By.cssSelector("#contacts li[data-user=alice]")).click();

                // a group chat started from the private chat: the phone is in it and talks
                browser.findElement(By.id("start-group-chat")).click();
                Packet groupChat = alice.awaitPush(PacketType.GROUP_CHAT);
                assertThat(groupChat.string(2)).isEqualTo("bob");
                alice.sendToGroupChat(groupChat.string(1), "Group hello");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Group hello"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participants"), "alice"));
                browser.findElement(By.id("invite-name")).sendKeys("carol");
                browser.findElement(By.cssSelector("#invite-form button")).click();
                assertThat(carol.awaitPush(PacketType.GROUP_CHAT).string(1)).isEqualTo(groupChat.string(1));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "carol has joined"));

                // a chat room: categories, search, join; the phone's line and the participants
                alice.createChatRoom("Lobby", "Say hello", "hello", true);
                alice.joinChatRoom("Lobby");
                carol.joinChatRoom("Lobby");
                browser.findElement(By.cssSelector("#tabs button[data-tab=rooms]")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#room-categories button[data-category='4']")))
                        .click(); // User rooms
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#room-list li[data-room=Lobby]")));
                browser.findElement(By.id("room-search")).sendKeys("Lob");
                browser.findElement(By.cssSelector("#room-search-form button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#room-list li[data-room=Lobby] button.join")))
                        .click();
                alice.awaitRoomLine("Lobby", "bob has entered");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Welcome to Lobby"));
                alice.sendRoomMessage("Lobby", "Welcome, bob!");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Welcome, bob!"));
                wait.until(d -> participants(d).containsAll(List.of("alice", "bob", "carol")));
                say(browser, "Thanks, everyone");
                assertThat(alice.awaitRoomMessage("Lobby", "bob").string(8)).isEqualTo("Thanks, everyone");
                // administrators cannot be voted out: no button beside alice, who made the room
                assertThat(browser.findElements(By.cssSelector("#participants li[data-user=alice] button.kick"))).isEmpty();
                browser.findElement(By.cssSelector("#participants li[data-user=carol] button.kick")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Your vote to kick carol has been counted"));
                HeadlessChromium.screenshot(browser, SHOTS, "chat-room.png");

                browser.findElement(By.cssSelector("#tabs button[data-tab=contacts]")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#chats li[data-chat='r:lobby']")));

                // a phone's width: one column, the list or the conversation
                browser.manage().window().setSize(new Dimension(400, 800));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("side"))); // the room is still open
                browser.findElement(By.id("back")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#contacts li[data-user=alice]"))).click();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("side")));
                assertThat(browser.findElement(By.id("back")).isDisplayed()).isTrue();
                HeadlessChromium.screenshot(browser, SHOTS, "chat-phone.png");
                browser.findElement(By.id("back")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("side")));
                browser.manage().window().setSize(new Dimension(1200, 820));

                // a reload: logged out (the password is nowhere to log back in with), the conversation kept
                String stored = (String) js.executeScript("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)");
                assertThat(stored).contains("Yes! Hello from a browser").doesNotContain(PASSWORD);
                browser.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
                assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
                logIn(browser, wait);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#contacts li[data-user=alice]"))).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Hi bob, this is a phone"));
                assertThat(browser.findElement(By.id("messages")).getText()).contains("Are you there?", "Yes! Hello from a browser");
                // the new session is back in the room the tab was in; the group chat, which cannot be rejoined, is gone
                alice.awaitRoomLine("Lobby", "bob has entered");
                assertThat(browser.findElements(By.cssSelector("#chats li[data-chat^='g:']"))).isEmpty();

                // leaving the room: the others hear it
                alice.forget(p -> p.type() == PacketType.MESSAGE && p.integer(3, 0) == 3);
                browser.findElement(By.cssSelector("#chats li[data-chat='r:lobby']")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participants"), "bob"));
                browser.findElement(By.id("leave")).click();
                alice.awaitRoomLine("Lobby", "bob has left");
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#chats li[data-chat='r:lobby']")));

                // bob logs in on a phone: the page is told why it ends, and shows the login again
                try (Mig33Client phone = Mig33Client.connect(mig33)) {
                    phone.login("bob", PASSWORD);
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                            "You have logged in from another location"));
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
                }

                // logging out: the phone sees him go offline
                logIn(browser, wait);
                alice.forget(p -> p.type() == PacketType.PRESENCE);
                browser.findElement(By.id("log-out")).click();
                alice.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "bob offline");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "You have logged out."));
                assertThat(browser.findElement(By.id("login-form")).isDisplayed()).isTrue();
            } finally {
                browser.quit();
            }
        }
    }

    /** Logs bob in from the form (the username filled in already). */
    static void logIn(WebDriver browser, WebDriverWait wait) {
        WebElement username = browser.findElement(By.id("username"));
        username.clear();
        username.sendKeys("bob");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("log-in")).click();
        wait.until(ExpectedConditions.textToBe(By.id("me-name"), "bob"));
    }

    static void say(WebDriver browser, String text) {
        browser.findElement(By.id("compose-text")).sendKeys(text);
        browser.findElement(By.id("send")).click();
    }

    static List<String> participants(WebDriver browser) {
        return browser.findElements(By.cssSelector("#participants li")).stream().map(e -> e.getAttribute("data-user")).toList();
    }

    static byte[] png(Color color) throws Exception {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 160, 120);
        g.setColor(Color.WHITE);
        g.fillOval(50, 30, 60, 60);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
