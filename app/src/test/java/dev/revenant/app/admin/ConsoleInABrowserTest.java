package dev.revenant.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.HeadlessChromium;
import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15 item 2: the web console in a real headless Chromium (Debian's chromium and chromedriver). An
 * operator signs in with the admin token, finds a user, bans them, and that user's connected mig33 client
 * (real TCP) is ended; the ban is in the audit log under the operator's name. The dashboard and each table
 * are photographed into target/console-screenshots, and into {@code -Drevenant.screenshots=DIR} when
 * given (docs/OPERATING.md's pictures). The browser is {@link HeadlessChromium}.
 */
class ConsoleInABrowserTest {
    @TempDir Path dataDir;

    @Test
    void anOperatorSignsInFindsAUserAndBansThemAndTheirClientIsEnded() throws Exception {
        HeadlessChromium.presentOrSkip();
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            var mig33 = server.mig33Addresses().get(0);
            try (Mig33Client reg = Mig33Client.connect(mig33)) {
                reg.register("alice", "S3cretPass", "60123");
                reg.register("bob", "S3cretPass", "60124");
                reg.register("carol", "S3cretPass", "60125");
            }
            String token = Files.readString(dataDir.resolve("admin.token")).strip();
            try (Mig33Client alice = Mig33Client.connect(mig33); Mig33Client bob = Mig33Client.connect(mig33)) {
                alice.login("alice", "S3cretPass");
                bob.login("bob", "S3cretPass", 462, 1);
                // something for the dashboard's crash reports and the rooms table
                alice.call(alice.request(PacketType.REPORT).int16(1, 1).string(2, "java.lang.OutOfMemoryError in ChatScreen").build());
                server.sampleActivity();

                WebDriver browser = HeadlessChromium.open(1280, 900);
                try {
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                    browser.get("http://127.0.0.1:" + server.httpPort() + "/admin");
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
                    browser.findElement(By.id("operator")).sendKeys("dana");
                    browser.findElement(By.id("sign-in")).click();
                    wait.until(ExpectedConditions.textToBe(By.id("online-now"), "2"));
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reports-table"), "OutOfMemoryError"));
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-table"), "store"));
                    HeadlessChromium.screenshot(browser, "console-screenshots", "console-dashboard.png");

                    browser.findElement(By.cssSelector("#nav button[data-view=sessions]")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sessions-table tr[data-user=bob]")));
                    HeadlessChromium.screenshot(browser, "console-screenshots", "console-sessions.png");

                    browser.findElement(By.cssSelector("#nav button[data-view=users]")).click();
                    WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-search")));
                    search.sendKeys("bo");
                    browser.findElement(By.cssSelector("#user-search-form button")).click();
                    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#users-table tbody tr"), 1));
                    WebElement row = browser.findElement(By.cssSelector("#users-table tr[data-user=bob]"));
                    row.findElement(By.cssSelector("button.ban")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ban-reason"))).sendKeys("spam in Lobby");
                    browser.findElement(By.id("ban-duration")).sendKeys("7d");
                    browser.findElement(By.id("ban-confirm")).click();

                    // the client is told, and its connection ends
                    assertThat(bob.awaitPush(PacketType.SESSION_TERMINATED).string(1)).isEqualTo("Your account is suspended");
                    assertThat(bob.awaitClosed(Duration.ofSeconds(10))).isTrue();
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "user bob banned"));
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#users-table tr[data-user=bob]"),
                            "spam in Lobby"));
                    browser.findElement(By.id("user-search")).clear();
                    browser.findElement(By.cssSelector("#user-search-form button")).click();
                    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#users-table tbody tr"), 3));
                    HeadlessChromium.screenshot(browser, "console-screenshots", "console-users.png");

                    browser.findElement(By.cssSelector("#nav button[data-view=rooms]")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("add-room-name"))).sendKeys("Lobby");
                    browser.findElement(By.id("add-room-description")).sendKeys("Say hello");
                    browser.findElement(By.cssSelector("#add-room-form button")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#rooms-table tr[data-room=Lobby]")));
                    HeadlessChromium.screenshot(browser, "console-screenshots", "console-rooms.png");

                    browser.findElement(By.cssSelector("#nav button[data-view=audit]")).click();
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"), "user ban"));
                    HeadlessChromium.screenshot(browser, "console-screenshots", "console-audit.png");
                } finally {
                    browser.quit();
                }
                List<AuditLog.Entry> audit = new AuditLog(dataDir).latest(10);
                assertThat(audit).anySatisfy(e -> {
                    assertThat(e.who()).isEqualTo("console:dana");
                    assertThat(e.action()).isEqualTo("user ban");
                    assertThat(e.target()).isEqualTo("bob (7d: spam in Lobby)");
                    assertThat(e.from()).isEqualTo("127.0.0.1");
                    assertThat(e.outcome()).isEqualTo("ok");
                });
                assertThat(audit).anySatisfy(e -> assertThat(e.action()).isEqualTo("console sign-in"));
            }
        }
    }
}
