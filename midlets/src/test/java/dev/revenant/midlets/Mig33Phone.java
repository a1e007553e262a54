package dev.revenant.midlets;

import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A phone running one generation of the original mig33 MIDlet, driven the way its user would: the
 * MIDlet's own screens, its soft-key commands and the device's keys. The screens of the seven generations
 * differ in detail (3.00 has no welcome page, 4.x have more check boxes under the password), so each step
 * looks at what the phone shows rather than counting key presses.
 */
final class Mig33Phone implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(20);

    final String version;
    final Phone phone;
    private final WireTap tap;

    private Mig33Phone(String version, Phone phone, WireTap tap) {
        this.version = version;
        this.phone = phone;
        this.tap = tap;
    }

    /** The MIDlet folders in ../shared/clients/mig33, one per generation. */
    static List<String> versions() {
        Path root = clients();
        try (var dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path clients() {
        return Path.of(System.getProperty("revenant.shared", "../shared"), "clients", "mig33");
    }

    static Mig33Phone start(String version, Gateway gateway) {
        Path jad;
        try (var files = Files.list(clients().resolve(version))) {
            jad = files.filter(f -> f.toString().endsWith(".jad")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Mig33Phone(version, Phone.start(version, jad, gateway.routes()), gateway.tap);
    }

    List<String> screen() {
        return phone.screen();
    }

    List<String> awaitText(String text) {
        return phone.awaitText(text, STEP);
    }

    boolean shows(String text) {
        return phone.screen().stream().anyMatch(l -> l.contains(text));
    }

    /** Chooses a soft-key command, waiting for the screen to offer it. */
    void command(String label) {
        phone.await("the command " + label, s -> phone.commands().contains(label), STEP);
        phone.command(label);
    }

    /**
     * A first start: the welcome page, the connection settings (TCP, the default), the connection test
     * (PING/PONG with the server), then the welcome page's Login, up to the login form.
     */
    void firstRunToLoginForm() {
        phone.await("the first-start page", s -> has(s, "first time"), STEP);
        command("Continue");
        phone.await("the connection settings", s -> has(s, "select your connection"), STEP);
        command("Continue");
        tap.await("the connection test's PING", seen -> seen.fromClient() && seen.packet().type() == PacketType.PING, STEP);
        phone.await("the login form or the welcome page", s -> has(s, "Password") || has(s, "Welcome to mig33"), STEP);
        if (!has(screen(), "Password")) {
            command("Continue"); // Login is the welcome page's first choice
        }
        phone.await("the login form", s -> has(s, "Username") && has(s, "Password"), STEP);
    }

    /** Types the username and password into the login form and presses its Login button. */
    void logIn(String user, String password) {
        edit(user);
        phone.press(Phone.Key.DOWN);
        edit(password);
        // down past the check boxes to the Login button, whose soft key reads Continue
        for (int i = 0; i < 8 && !phone.commands().contains("Continue"); i++) {
            phone.press(Phone.Key.DOWN);
            phone.await("the focus to move", s -> true, Duration.ofMillis(1));
        }
        command("Continue");
        tap.await("LOGIN_OK", seen -> !seen.fromClient() && seen.packet().type() == PacketType.LOGIN_OK, STEP);
    }

    /** The focused text field: Edit opens the phone's text box, the text is typed, Continue returns. */
    private void edit(String text) {
        command("Edit");
        phone.await("the text box", s -> phone.describe().contains("TextBox"), STEP);
        phone.type(text);
        phone.await("the text box to take the text", s -> phone.describe().contains("text=\"" + text + "\""), STEP);
        String ok = phone.commands().stream().filter(c -> List.of("Continue", "OK", "Save", "Done").contains(c))
                .findFirst().orElseThrow(() -> new AssertionError("the text box offers no way back: " + phone.commands()));
        phone.command(ok);
        phone.await("the form again", s -> !phone.describe().contains("TextBox"), STEP);
    }

    private static boolean has(List<String> screen, String text) {
        return screen.stream().anyMatch(l -> l.contains(text));
    }

    /** Leaves the screen and the conversation where a person can read them. */
    void report(Path dir, String what) {
        try {
            Files.createDirectories(dir);
            phone.screenshot(dir.resolve(what + ".png"));
            Files.writeString(dir.resolve(what + ".txt"), "screen: " + screen() + "\ncurrent: " + phone.describe()
                    + "\ndialled: " + phone.dialled() + "\n\nconversation:\n" + tap.transcript());
        } catch (java.io.IOException | RuntimeException e) {
            // a report is a help, never the reason a test fails
        }
    }

    @Override
    public void close() {
        phone.close();
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
