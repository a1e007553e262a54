package dev.revenant.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The real browser of the browser tests: Debian's chromium and chromedriver, headless, driven by Selenium.
 * Without them a test is skipped, except under CI (CI=true), where a missing browser fails it: .ci/run
 * installs one.
 */
public final class HeadlessChromium {
    /** Debian's packages' places; -Drevenant.chromium / -Drevenant.chromedriver name others. */
    static final Path CHROMIUM = Path.of(System.getProperty("revenant.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("revenant.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {}

    /** Skips the test when there is no browser; under CI a missing one fails instead. */
    public static void presentOrSkip() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and no browser: install Debian's chromium and chromium-driver"
                    + " (.ci/run does: apt-get install -y chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
    }

    /** A new browser whose window is {@code width} × {@code height} CSS pixels. */
    public static WebDriver open(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Saves what the browser shows as {@code target/<folder>/<name>}, and into the directory
     * {@code -Drevenant.screenshots=DIR} names when given (the pictures of the docs).
     */
    public static void screenshot(WebDriver browser, String folder, String name) throws IOException {
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path dir = Path.of("target", folder);
        Files.createDirectories(dir);
        Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("revenant.screenshots");
        if (docs != null && !docs.isBlank()) {
            Files.copy(shot, Path.of(docs).resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
