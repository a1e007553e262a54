package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A phone running one generation of the original mig33 MIDlet, driven the way its user would: the
 * MIDlet's own screens, its soft-key commands and the device's keys. The screens of the seven generations
 * differ in detail (3.00 has no welcome page, 4.x have more check boxes under the password), so each step
 * looks at what the phone shows rather than counting key presses.
 */
final class Mig33Phone implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(20);
    /** The start of the server's default message of the day (LOGIN_OK field 3), as the phones show it. */
    static final String MESSAGE_OF_THE_DAY = "Welcome to Revenant";

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
        Mig33Phone phone = onTap(new Mig33Phone(version, Phone.start(version, jad, gateway.routes()), gateway.tap));
        phone.insertMemoryCard();
        return phone;
    }

    /** The memory card's root, as the MIDlet lists it (4.62 lists only roots with names under five letters). */
    static final String CARD_ROOT = "e";
    /** The picture on the card: the user's own photo. */
    static final String CARD_PICTURE = "me.png";
    private Path card;

    /** A memory card with one picture on it ({@link #CARD_ROOT}/{@link #CARD_PICTURE}): a photo of the user. */
    private void insertMemoryCard() {
        try {
            card = Files.createTempDirectory("memory-card");
            Files.createDirectories(card.resolve(CARD_ROOT));
            Files.write(card.resolve(CARD_ROOT).resolve(CARD_PICTURE), RealClientTest.PICTURE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        phone.memoryCard(card);
    }

    /** The phone's answers wait for its event thread to finish what it is doing (see WireTap.beforeDelivery). */
    private static Mig33Phone onTap(Mig33Phone phone) {
        phone.tap.beforeDelivery(() -> phone.phone.awaitIdle(Duration.ofSeconds(1)));
        return phone;
    }

    /**
     * Starts a copy of the generation made by {@code revenant midlet patch} (app's MidletPatcher) to dial
     * this gateway's loopback address and ports itself, and its web site's address to the server's HTTP
     * listener: the phone's network routes nothing, so the original endpoints compiled into the MIDlet would
     * be refused.
     */
    static Mig33Phone startPatched(String version, Gateway gateway, Path outDir) {
        try (var files = Files.list(clients().resolve(version))) {
            Path jad = files.filter(f -> f.toString().endsWith(".jad")).findFirst().orElseThrow();
            var options = new dev.revenant.app.midlet.MidletPatchOptions("127.0.0.1", gateway.tap.port(),
                    gateway.tap.fallbackPort(), "http://127.0.0.1:" + gateway.server.httpPort() + "/",
                    "http://127.0.0.1:" + gateway.server.httpPort() + "/");
            var patched = dev.revenant.app.midlet.MidletPatcher.patch(jad, null, options, outDir);
            return onTap(new Mig33Phone(version, Phone.start(version, patched.jad(), Map.of()), gateway.tap));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<String> screen() {
        return phone.screen();
    }

    /**
     * Every connection the phone made went to the wire tap's ports (either: 4.62 may start with the fallback
     * one) and none to an address whose name contains {@code original}: a copy that dials the server itself.
     */
    void assertDialledTheTapOnly(Gateway gateway, String original) {
        assertThat(phone.dialled()).isNotEmpty().allSatisfy(url -> assertThat(url).doesNotContain(original));
        assertThat(phone.dialled()).anySatisfy(url -> assertThat(url).isIn(
                "socket://127.0.0.1:" + gateway.tap.port(), "socket://127.0.0.1:" + gateway.tap.fallbackPort()));
    }

    /**
     * Waits for the phone to show {@code text}. The message of the day can come up over any screen a while
     * after the login (4.62 shows it again once its list is loaded): a user acknowledges it, so does this.
     */
    List<String> awaitText(String text) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            List<String> now = screen();
            if (has(now, text)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(version + ": timed out after " + STEP + " waiting for \"" + text + "\": "
                        + now + " / " + phone.describe());
            }
            if (!acknowledgedAnnouncement(now)) {
                phone.await(text, s -> has(s, text) || !s.equals(now), Duration.ofSeconds(2), false);
            }
        }
    }

    /** Acknowledges the message of the day's box when the phone shows it; whether it did. */
    private boolean acknowledgedAnnouncement(List<String> now) {
        if (!announcing(now)) {
            return false;
        }
        // Continue only on the message's box: the login form's button has a Continue soft key too, and the box
        // is painted over the form before it takes the soft keys. A Continue given while both showed (61 ms after
        // LOGIN_OK) went to 3.08's form, which then sent IM_LOGIN; so the display must hold still first
        phone.settle();
        List<String> settled = screen();
        if (!announcing(settled)) {
            return false;
        }
        act(settled, () -> phone.command("Continue"));
        return true;
    }

    private boolean announcing(List<String> now) {
        return (has(now, "Announcement") || has(now, MESSAGE_OF_THE_DAY)) && phone.commands().contains("Continue");
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
     * A first start up to the contact list: the language (4.05 asks first), the welcome page, the connection
     * settings (TCP, the default), the connection test (PING/PONG with the server), the welcome page's Login,
     * then the username and password typed into the login form and its Login button. The generations order
     * and word these pages differently, so each step acts on the page the phone shows.
     */
    void firstStartAndLogIn(String user, String password) {
        walk("a login", this::sawLoginOk, user, password);
        assertConnectionTested();
    }

    /** A first start up to the login form and no further (the console's "form"). */
    void firstStartToLoginForm() {
        walk("the login form", () -> isLoginForm(screen()), null, null);
        assertConnectionTested();
    }

    /**
     * Registers a new user on the phone's own form, as a newcomer does at the first start: Registration on
     * the welcome page (the phone asks the gateway for a form: REGISTRATION, whose answer brings the
     * captcha; 4.30 and later first check the name on the web site), the form's Username, Password, Mobile
     * Number and Security Code boxes, its Submit button.
     * The phone then says "Welcome to mig33, USER!" over its login form. (The harness cannot read the
     * captcha's picture: its gateway takes any answer, mig33.registrationCaptcha false.)
     */
    void register(String user, String password, String mobile) {
        firstStartToWelcome();
        List<String> page = screen();
        List<String> offered = Stream.of("Login", "Registration", "Change Language").filter(page::contains).toList();
        if (offered.equals(List.of("Login", "Registration"))) {
            focusOnSecond("Registration"); // 3.08, 4.05: two buttons
        } else {
            focusAmong("Registration", offered);
        }
        int mark = tap.mark();
        commandHeard("Continue");
        phone.await("the registration form", s -> has(s, "Security Code") || has(s, "Select a username"), STEP);
        // 4.30-4.62 first check the name ("Step 1 of 3", Check Availability) on the web site, which the
        // phone's network takes to the server's HTTP listener; their form then shows the name, not its box
        boolean checksFirst = has(screen(), "Select a username");
        if (checksFirst) {
            edit("Username", user, user, Phone.Key.UP);
            phone.pressAndSettle(Phone.Key.DOWN); // the Check Availability button
            command("Continue");
        }
        tap.awaitAfter(mark, "the registration form's captcha", s -> !s.fromClient()
                && s.packet().type() == PacketType.REGISTRATION_CHALLENGE, STEP);
        phone.await("the registration form", s -> has(s, "Security Code") && phone.commands().contains("Edit"), STEP);
        if (!checksFirst) {
            edit("Username", user, user, Phone.Key.UP);
            phone.pressAndSettle(Phone.Key.DOWN);
        }
        edit("Password", password, null, Phone.Key.DOWN);
        phone.pressAndSettle(Phone.Key.DOWN);
        edit("Mobile", mobile, mobile, Phone.Key.DOWN);
        phone.pressAndSettle(Phone.Key.DOWN);
        edit("Security Code", CAPTCHA_ANSWER, CAPTCHA_ANSWER, Phone.Key.DOWN);
        // down past the terms to the Submit button: painted unlike the terms' text above it once it has the
        // focus (4.20: its background); a button's soft key is Continue, or there is none (3.x). 3.08 paints a
        // focused button's border in another colour, with lines: there the focus goes down to the form's
        // end (the Help? button below Submit: the display stops changing), then one up
        if (version.startsWith("3.")) {
            for (int down = 0; ; down++) {
                String before = formState();
                phone.pressAndSettle(Phone.Key.DOWN);
                if (formState().equals(before)) {
                    break;
                }
                if (down > 10) {
                    throw new AssertionError("no end of the form: " + screen());
                }
            }
            phone.pressAndSettle(Phone.Key.UP);
        } else {
            for (int down = 0; !(phone.colourOf("Submit") != -1 && differs("Submit", TERMS)); down++) {
                if (down > 8) {
                    throw new AssertionError("no focus on Submit: " + screen());
                }
                phone.pressAndSettle(Phone.Key.DOWN);
            }
        }
        if (phone.commands().contains("Continue")) {
            command("Continue");
        } else {
            phone.press(Phone.Key.SELECT);
        }
        tap.awaitAfter(mark, "the phone's REGISTRATION_RESPONSE", s -> s.fromClient()
                && s.packet().type() == PacketType.REGISTRATION_RESPONSE, STEP);
        awaitText(user + "!"); // "Welcome to mig33, newbie! You can log in now.", in lines as wide as the screen
    }

    /**
     * Chooses the command {@code label}, and again while the display stays exactly as it was (3.08 takes no
     * notice of a command given a tenth of a second after a key, now and then): at most three times.
     */
    private void commandHeard(String label) {
        int before = phone.pixels();
        for (int attempt = 0; attempt < 3 && phone.pixels() == before; attempt++) {
            command(label);
            phone.await("the display to change", s -> phone.pixels() != before, Duration.ofSeconds(3), false);
        }
    }

    /** What the registration form shows: its strings and the pixels of its two buttons' rows. */
    private String formState() {
        return screen() + " " + phone.rowsOf("Submit") + " " + phone.rowsOf("Help?");
    }

    /** The text above the registration form's Submit button (never focused). */
    private static final String TERMS = "I agree to the terms and";

    /** What the harness types for the captcha it cannot read (its gateway takes any answer). */
    static final String CAPTCHA_ANSWER = "abcd";

    /** A first start up to the page that offers Registration beside Login (the console's "welcome"). */
    void firstStartToWelcome() {
        walk("the welcome page", () -> has(screen(), "Registration") || has(screen(), "Register"), null, null);
    }

    private void walk(String goal, java.util.function.BooleanSupplier reached, String user, String password) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean typed = false;
        int attempts = 0;
        long started = System.nanoTime();
        // since when the connection test's page has shown with its PONG in (0: it does not)
        long testAnsweredSince = 0;
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + goal + " within 90 s; the phone shows " + screen() + " / "
                        + phone.describe());
            }
            List<String> now = screen();
            List<String> commands = phone.commands();
            if (phone.describe().contains("Choose Language")) {
                act(now, () -> phone.press(Phone.Key.SELECT)); // English (US), the first
            } else if (user != null && !typed && isLoginForm(now) && commands.contains("Edit")) {
                if (++attempts > 3) {
                    throw new AssertionError("three typed logins left a field empty: " + now + " / " + phone.describe());
                }
                typed = typeLogin(now, user, password);
            } else if ((has(now, "first time") || has(now, "select your connection") || has(now, "Welcome to mig33"))
                    && commands.contains("Continue") && !now.contains("Username")) {
                // (a login form half painted still shows the welcome page's title: 4.62 once took a Continue
                // there as its Login, with the fields empty)
                continueOnce(now);
            } else if (has(now, "Testing Connection") && commands.contains("Continue") && pings() > 0
                    && pongs() >= pings()) {
                // 4.50 once stayed on its TCP test's page for good, its PONG in and the next page's address already
                // fetched: the race with a quick answer 4.20 has over HTTP (HttpFallbackClientTest). After seconds
                // of nothing, with every PING answered, Continue is pressed again, as a person would
                if (testAnsweredSince == 0) {
                    testAnsweredSince = System.nanoTime();
                }
                if (System.nanoTime() - testAnsweredSince > HttpFallbackClientTest.STALLED.toNanos()) {
                    testAnsweredSince = 0;
                    act(now, () -> phone.command("Continue"));
                } else {
                    phone.await("the next page", s -> !s.equals(now), Duration.ofSeconds(2), false);
                }
            } else if (now.isEmpty() && commands.isEmpty() && System.nanoTime() - started > LOADING.toNanos()) {
                // 3.x's first page: their splash ("Loading...") starts the client from its paint, by waking
                // a thread that waits up to 10 s; in the emulator the first paint can come before that thread
                // waits, and the client then sits 10 s on the splash. A second paint, which a phone makes
                // whenever what it showed over the MIDlet goes away, starts it at once
                phone.redraw();
                phone.await("the first page", s -> !s.equals(now), Duration.ofSeconds(2), false);
            } else {
                phone.await("the next page", s -> !s.equals(now), Duration.ofSeconds(2), false);
            }
        }
    }

    /** How long a blank splash may show before the harness has the phone paint it again (see walk). */
    private static final Duration LOADING = Duration.ofSeconds(1);

    /**
     * Continue on a page of the first start. On the connection page it starts the connection test: the page
     * changes when the PONG has come back, and a second Continue pressed while the first test is still
     * running starts a second one, whose late PONG then closes the login's progress screen under the
     * client (4.62 crashes on the LOGIN_CHALLENGE that follows: {@code PR:RP:OK:RT:201}). So once a PING
     * went out, the page is waited for, not pressed again.
     */
    private void continueOnce(List<String> page) {
        int pingsBefore = pings();
        boolean connectionPage = has(page, "select your connection");
        phone.command("Continue");
        // the connection page repaints in parts while its test starts: only the PING, or the page gone,
        // says the Continue was heard
        java.util.function.Predicate<List<String>> heard = connectionPage
                ? s -> pings() > pingsBefore
                : s -> !s.equals(page) || pings() > pingsBefore;
        phone.await("the page to change or a connection test", heard, Duration.ofSeconds(5), false);
        if (pings() > pingsBefore) {
            // the test ends on the page after it: the welcome page, or (3.00) the login form
            phone.await("the connection test's end", s -> !has(s, "select your connection")
                    && (has(s, "Welcome") || has(s, "Login") || has(s, "successful")), STEP.multipliedBy(2), false);
        }
    }

    private int pings() {
        return (int) tap.seen().stream().filter(s -> s.fromClient() && s.packet().type() == PacketType.PING).count();
    }

    /** How many PONGs the phone has been sent so far. */
    int pongs() {
        return (int) tap.seen().stream().filter(s -> !s.fromClient() && s.packet().type() == PacketType.PONG).count();
    }

    /** The whole login form: its fields and, below the password, its Login button. */
    private static boolean isLoginForm(List<String> screen) {
        return screen.contains("Username") && screen.lastIndexOf("Login") > screen.indexOf("Password")
                && screen.contains("Password");
    }

    private boolean sawLoginOk() {
        return tap.seen().stream().anyMatch(seen -> !seen.fromClient() && seen.packet().type() == PacketType.LOGIN_OK);
    }

    private void assertConnectionTested() {
        List<Integer> sent = tap.requestTypes();
        int ping = sent.indexOf(PacketType.PING);
        int login = sent.indexOf(PacketType.LOGIN);
        if (ping < 0 || (login >= 0 && ping > login)) {
            throw new AssertionError("the first start made no connection test before logging in: " + sent);
        }
    }

    /** One step on a page, then the page's change (or two seconds: some steps change nothing visible). */
    private void act(List<String> before, Runnable step) {
        step.run();
        phone.await("the page to change", s -> !s.equals(before), Duration.ofSeconds(2), false);
    }

    /**
     * Types the username and password into the login form and presses its Login button. The form lists the
     * username, the password, some check boxes (one to four, by generation) and the Login button, the focus
     * on the username: from the password, the button is one key down past the check boxes.
     */
    private boolean typeLogin(List<String> form, String user, String password) {
        int checkBoxes = checkBoxesBetweenPasswordAndLogin(form);
        edit("Username", user, user, Phone.Key.UP);
        phone.pressAndSettle(Phone.Key.DOWN);
        // a password shows as stars in some generations and not at all in others: the box's title and
        // text were checked, and a wrong one would be refused at the login
        edit("Password", password, null, Phone.Key.DOWN);
        return pressLogin(checkBoxes);
    }

    /** From the password, down past the check boxes to the Login button, and the button. */
    private boolean pressLogin(int checkBoxes) {
        long loginsBefore = logins();
        for (int i = 0; i <= checkBoxes; i++) {
            phone.pressAndSettle(Phone.Key.DOWN);
        }
        int unpressed = phone.pixels();
        pressLoginButton();
        // 3.08 sometimes sleeps a while in its connection loop before it dials
        long deadline = System.nanoTime() + STEP.multipliedBy(3).toNanos();
        long again = System.nanoTime() + UNHEARD.toNanos();
        while (logins() == loginsBefore) {
            List<String> now = screen();
            if (has(now, "is required") && phone.commands().contains("Back")) {
                // a key the form dropped while it changed left a field empty: the user sees why and goes back
                act(now, () -> phone.command("Back"));
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the phone's LOGIN: " + now + " / " + phone.describe());
            }
            if (System.nanoTime() > again && isLoginForm(now) && phone.pixels() == unpressed) {
                // the form shows as it did before the press, nothing ticked or changed: the press went unheard
                // (3.08 took a Continue given a tenth of a second after a DOWN for nothing), and is given again
                pressLoginButton();
                again = System.nanoTime() + UNHEARD.toNanos();
            }
            phone.await("the phone's LOGIN", x -> logins() > loginsBefore, Duration.ofSeconds(1), false);
        }
        return true;
    }

    /**
     * How long a press (the Login button, a contact request's Continue) may go without a change on the screen
     * before it is given again.
     */
    private static final Duration UNHEARD = Duration.ofSeconds(5);

    /** The Login button: its soft key where it has one (4.05 answers no other), else the fire key. */
    private void pressLoginButton() {
        if (phone.commands().contains("Continue")) {
            phone.command("Continue");
        } else {
            phone.press(Phone.Key.SELECT);
        }
    }

    private long logins() {
        return tap.seen().stream().filter(seen -> seen.fromClient() && seen.packet().type() == PacketType.LOGIN).count();
    }

    /**
     * A login with what the phone remembers: the login form as the phone shows it after a session ended,
     * username and password filled in. Up to the username (the first field), down to the password and on to
     * the Login button.
     */
    void logInWithRememberedPassword() {
        List<String> form = phone.await("the login form", Mig33Phone::isLoginForm, STEP);
        long loginsBefore = loginOks();
        for (int i = 0; i < 6; i++) {
            phone.pressAndSettle(Phone.Key.UP);
        }
        phone.pressAndSettle(Phone.Key.DOWN);
        if (!pressLogin(checkBoxesBetweenPasswordAndLogin(form))) {
            throw new AssertionError("the phone did not remember the login: " + screen());
        }
        tap.await("a second LOGIN_OK", seen -> loginOks() > loginsBefore, STEP.multipliedBy(3));
    }

    private long loginOks() {
        return tap.seen().stream().filter(seen -> !seen.fromClient() && seen.packet().type() == PacketType.LOGIN_OK).count();
    }

    /** The labels between the password and the Login button (the form's title is also "Login"). */
    static int checkBoxesBetweenPasswordAndLogin(List<String> form) {
        int password = form.indexOf("Password");
        int button = form.lastIndexOf("Login");
        if (password < 0 || button <= password) {
            throw new AssertionError("not a login form the harness knows: " + form);
        }
        return (int) form.subList(password + 1, button).stream().filter(l -> !l.matches("\\**")).count();
    }

    /**
     * After the login, up to the contact list showing {@code contact}: the message of the day comes first as
     * a box the user acknowledges with Continue; 4.50 shows its home page (this server's) first, the contact
     * list one tab to the right.
     */
    void toContactList(String contact) {
        long deadline = System.nanoTime() + STEP.toNanos();
        // the box can come up over the list after the list is painted: done when the list shows, box gone
        while (!has(screen(), contact) || has(screen(), "Announcement")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no contact list showing " + contact + ": " + screen() + " / " + phone.describe());
            }
            List<String> now = screen();
            if (acknowledgedAnnouncement(now)) {
                continue;
            } else if (has(now, "online now")) {
                phone.pressAndSettle(Phone.Key.RIGHT); // 4.50 opens on its home page: the next tab
            } else {
                phone.await("the contact list", s -> !s.equals(now), Duration.ofSeconds(2), false);
            }
        }
    }

    /**
     * From the contact list, opens the private chat with {@code contact} that shows {@code showing}, as a
     * user would: down the list until the contact's line takes the focus colour, and the fire key. Where the
     * focus shows no colour (3.x), one step and the fire key, and what it opened on the way is undone: on a
     * group's header the group folds (the fire key again unfolds it), on the user's own line the status
     * editor opens (left with Back). On the contact, 4.x offer a menu whose first entry is Private Chat, 3.x
     * open the chat at once. 4.05 goes through its tabs instead. The chat is the screen offering Write.
     */
    void openChatWith(String contact, String showing) {
        long deadline = System.nanoTime() + STEP.multipliedBy(2).toNanos();
        while (!isChat(contact) || !has(screen(), showing)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no chat with " + contact + " opened: " + screen() + " / " + phone.describe());
            }
            List<String> now = screen();
            List<String> commands = phone.commands();
            if (acknowledgedAnnouncement(now)) {
                continue;
            } else if (has(now, "page 1 of") && commands.contains("Continue")) {
                // 3.x: the fire key on the list's Chat Rooms line (where a dropped DOWN left the focus) tells
                // how many rooms there are, then lists them (left with Back)
                act(now, () -> phone.command("Continue"));
            } else if (has(now, "Private Chat") && commands.contains("Select")) {
                act(now, () -> phone.command("Select")); // the contact's menu: its first entry
            } else if (commands.contains("Back") && (phone.describe().contains("TextBox") || !commands.contains("Menu"))) {
                act(now, () -> phone.command("Back")); // something opened on the way (the own status): back
            } else if (has(now, "online now")) {
                phone.pressAndSettle(Phone.Key.RIGHT); // 4.50's home page (a DOWN past the list's end leads there)
            } else if (version.equals("4.05")) {
                // 4.05's list takes the focus no further than its Email line (its DOWN key moves up); a
                // chat the contact started has a tab of its own, to the right of the list (and the
                // messages kept while the user was away one more)
                phone.pressAndSettle(Phone.Key.RIGHT);
            } else if (!has(now, contact) && commands.equals(List.of("Menu"))) {
                act(now, () -> phone.press(Phone.Key.SELECT)); // a folded group: unfold it
            } else if (has(now, contact) && commands.equals(List.of("Menu"))) {
                focus(contact);
                act(screen(), () -> phone.press(Phone.Key.SELECT));
            } else {
                phone.await("the list", x -> !x.equals(now), Duration.ofSeconds(2), false); // a screen on its way
            }
        }
    }

    /**
     * Opens the chat {@code contact} started, showing {@code showing}, through its tab rather than the list: a
     * chat a contact starts opens a tab of its own to the right of the contact list, and the tabs wrap round.
     * Over HTTP the 3.x list repaints around every poll, and a frame left round a line the focus has already
     * left stays painted under the next picture, so the list's focus cannot be read there; the tabs need no
     * focus read.
     */
    void openChatByTab(String contact, String showing) {
        long deadline = System.nanoTime() + STEP.multipliedBy(2).toNanos();
        while (!isChat(contact) || !has(screen(), showing)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no tab with the chat with " + contact + ": " + screen() + " / " + phone.describe());
            }
            List<String> now = screen();
            if (acknowledgedAnnouncement(now)) {
                continue;
            }
            phone.pressAndSettle(Phone.Key.RIGHT);
        }
    }

    /**
     * Moves the list's focus down onto {@code line}: a list paints its focused line in a colour of its own,
     * so the focus is there when the line's colour changes. A list that marks the focus otherwise gets one
     * step down (the caller's walk then sees where the fire key leads).
     */
    private void focus(String line) {
        if (version.startsWith("3.")) {
            frame(line, Phone.Key.DOWN); // 3.x show the focus by a frame round the line, not by colour
            return;
        }
        int unfocused = phone.colourOf(line);
        for (int step = 0; step < 8; step++) {
            phone.press(Phone.Key.DOWN);
            // a 4.x list repaints all the time: the key's own repaint is the one that moves the colour, and a
            // next DOWN pressed before it would go past the line (on to the next tab at the list's end)
            // (a line being repainted is not on the display for a moment: its colour is then no answer)
            phone.await("the focus", s -> phone.colourOf(line) != unfocused && phone.colourOf(line) != -1,
                    Duration.ofMillis(1500), false);
            int now = phone.colourOf(line);
            if (now != unfocused && now != -1) {
                return;
            }
        }
    }

    /**
     * Finds {@code room} and joins it the way a user of 4.05 and later does: the rooms tab beside the contact
     * list ("Chat Rooms", "Community" in 4.50 and 4.62; the tabs go round), Refresh for the rooms busy now,
     * the room under "Popular now" (4.05's tab shows "Suggested rooms" instead); then the tab's Menu, Search
     * Rooms, {@code search} typed in its form (4.05's own; 4.20 and later a page the gateway
     * serves), Search, and the fire key on the first room found. What the phone showed of the rooms found.
     */
    List<String> joinRoomFromCommunity(String room, String search) {
        java.util.function.Predicate<List<String>> roomsTab = s -> has(s, "Popular now") || has(s, "Suggested rooms");
        for (int tab = 0; !roomsTab.test(screen()); tab++) {
            if (tab > 8) {
                throw new AssertionError("no rooms tab: " + screen());
            }
            // a tab's header changes at once, its content a moment later: the rooms are waited for a while
            // on each tab before the next
            phone.press(Phone.Key.RIGHT);
            phone.await("the rooms tab", roomsTab, Duration.ofMillis(1500), false);
        }
        if (!has(screen(), "Suggested rooms")) { // 4.05 lists the rooms it asked for at the login
            command("Refresh");
        }
        awaitText(room);
        // the tab's Menu has Search Rooms too: its line below the rooms can be off the display (4.05 with two
        // rooms), and the list shows no text it scrolls to
        choose("Search Rooms");
        submitForm("Search", search);
        // 4.05 lists the rooms found in the tab, 4.20 and later on the page, before its form: the focus is on
        // the first room either way
        List<String> found = phone.await("the rooms found", s -> has(s, room) && (has(s, "Search Results") || has(s, "matches")), STEP);
        act(found, () -> phone.press(Phone.Key.SELECT));
        return found;
    }

    /**
     * Finds {@code room} and joins it the way a user of 3.x does: the contact list's own "Chat Rooms" line at
     * its top (up to it: a 3.x list frames its focus), the fire key; an Info box says how many rooms there
     * are (Continue); the rooms box lists them, "Search" below them; its form's Room Name ({@code search}),
     * Search; the Info box again, then the rooms found ("Chat Rooms (1/1)"), down to the room, Select. What
     * the phone showed of the rooms found.
     */
    List<String> joinRoomFromList(String room, String search) {
        // just after LEFT from a chat tab the soft keys can still be the tab's: frame takes their change for a
        // box over the list and gives up (3.08, twice in one CI), so it looks again once the display is still
        boolean framed = false;
        for (int look = 0; look < 3 && !framed; look++) {
            phone.settle();
            framed = frame("Chat Rooms", Phone.Key.UP);
        }
        if (!framed) {
            throw new AssertionError("no focus on the list's Chat Rooms: " + screen());
        }
        act(screen(), () -> phone.press(Phone.Key.SELECT));
        awaitRooms(room);
        focusInRooms("Search", "Create Room");
        commandTaken("Select", () -> has(screen(), "Room Name"));
        submitForm("Search", search);
        phone.await("the rooms found", s -> has(s, "matches") || has(s, "Chat Rooms ("), STEP);
        // the rooms found, the focus on the first (the search finds one room)
        List<String> found = awaitRooms(room);
        // a Select given while the rooms box is still being set up goes unheard (3.00)
        commandTaken("Select", () -> false);
        return found;
    }

    /**
     * The 3.x rooms box listing {@code room}: the Info box before it ("1 room, page 1 of 1") acknowledged;
     * a box for rooms asked for before (a fire key on the list's Chat Rooms line on the way to a contact)
     * can come up once more.
     */
    private List<String> awaitRooms(String room) {
        List<String> shown;
        for (int boxes = 0; ROOMS_INFO.test(shown = phone.await("the rooms", s -> has(s, room) || ROOMS_INFO.test(s), STEP)); boxes++) {
            if (boxes == 3) {
                throw new AssertionError("the rooms' Info box keeps coming back: " + screen());
            }
            acknowledge("Info", "Continue");
        }
        return shown;
    }

    /** The Info box over the rooms: its title (its text wraps where the generation likes). */
    private static final java.util.function.Predicate<List<String>> ROOMS_INFO = s -> s.contains("Info") || has(s, "page 1 of");

    /**
     * Moves the 3.x rooms box's focus down onto its {@code line}, above the box's {@code below}: the box is
     * one frame round all its lines, its focused line set apart by its background; the Info box can come
     * back over the rooms while the focus moves (3.00, under load): acknowledged, and the focus moved again.
     */
    private void focusInRooms(String line, String below) {
        java.util.function.BooleanSupplier focused = () -> has(screen(), line) && has(screen(), below)
                && phone.backgroundOf(line) != phone.backgroundOf(below);
        for (int step = 0; !focused.getAsBoolean(); step++) {
            if (step == 8) {
                throw new AssertionError("no focus on " + line + ": " + screen());
            }
            if (ROOMS_INFO.test(screen())) {
                acknowledge("Info", "Continue");
                phone.await("the rooms", s -> has(s, below), STEP);
                continue;
            }
            int before = phone.pixels();
            phone.press(Phone.Key.DOWN);
            phone.await("the focus to move", s -> phone.pixels() != before, Duration.ofMillis(1500), false);
            phone.settle();
        }
    }

    /**
     * Gives {@code label} until the phone takes it: the screen changes, or {@code done} holds (at most three
     * times, three seconds apart). A command given while a box is still being set up goes unheard.
     */
    private void commandTaken(String label, java.util.function.BooleanSupplier done) {
        List<String> shown = screen();
        for (int attempt = 0; attempt < 3 && !done.getAsBoolean() && screen().equals(shown); attempt++) {
            command(label);
            phone.await(label + " taken", s -> !s.equals(shown) || done.getAsBoolean(), Duration.ofSeconds(3), false);
        }
    }

    /**
     * Moves a 3.x list's focus, a frame round the focused line, {@code towards} onto {@code line}; whether it
     * got there (read from a display that holds still: a list scrolling under the key is framed where it was).
     */
    private boolean frame(String line, Phone.Key towards) {
        List<String> commands = phone.commands();
        for (int step = 0; step < 8; step++) {
            // a line below the box's edge is painted too, where a frame can seem to hold it: only a line on the
            // display is the focus
            if (has(screen(), line) && phone.isFramed(line)) {
                phone.settle();
                if (has(screen(), line) && phone.isFramed(line)) {
                    return true;
                }
            }
            if (!phone.commands().equals(commands)) {
                return false; // a box came up over the list (its own soft keys): the caller looks again
            }
            int before = phone.pixels();
            phone.press(towards);
            // the key's repaint: the frame on the line, or on one on the way to it
            phone.await("the focus to move", s -> phone.isFramed(line) || phone.pixels() != before,
                    Duration.ofMillis(1500), false);
            phone.settle();
        }
        return false;
    }

    /**
     * In a room, votes to kick {@code user} out of it: Menu, Kick User, the room's users (the phone asks the
     * server for them then), down to the user, Select; 4.50 and later then ask "Are you sure you would like
     * to kick …?" (Continue), 4.20 and 4.30 send the vote at once. The focused user is the one painted
     * unlike the others (a wrong one would get a vote, or an ERROR for an administrator).
     */
    void voteToKick(String user) {
        choose("Kick User");
        List<String> users = java.util.Arrays.asList(tap.await("the room's users for the phone", s -> !s.fromClient()
                && s.packet().type() == PacketType.CHATROOM_PARTICIPANTS, STEP).packet().string(2, "").split(";"));
        phone.await("the room's users", s -> s.containsAll(users), STEP);
        focusAmong(user, users);
        long votes = kicks();
        // a Select given while the box is still being set up goes unheard (3.08)
        commandTaken("Select", () -> kicks() > votes);
        List<String> next = phone.await("the kick question or the vote", s -> String.join(" ", s).contains("like to kick")
                || kicks() > votes, STEP);
        if (kicks() == votes) {
            if (!String.join(" ", next).contains("kick " + user + "?")) {
                throw new AssertionError("the phone asks about another user: " + next);
            }
            acknowledge(user + "?", "Continue");
        }
    }

    private long kicks() {
        return tap.seen().stream().filter(s -> s.fromClient() && s.packet().type() == PacketType.KICK_CHATROOM_PARTICIPANT).count();
    }

    /**
     * Moves the focus of a list of {@code items} (all on the screen, nothing else of it) down to {@code item},
     * the one painted unlike the others; a screen behind the list is no neighbour of its entries.
     */
    private void focusAmong(String item, List<String> items) {
        for (int down = 0; !item.equals(focusedAmong(items)); down++) {
            if (down > items.size()) {
                throw new AssertionError("no focus on " + item + " among " + items + ": " + screen());
            }
            phone.pressAndSettle(Phone.Key.DOWN);
        }
    }

    /**
     * How a line is painted: its text's colour, the colour under it, the colour of the frame round it (-1:
     * none), and the pixels of its rows (a button's border).
     */
    private record Look(int colour, int background, int frame, int rows) {}

    private Look look(String line) {
        return new Look(phone.colourOf(line), phone.backgroundOf(line), phone.frameOf(line), phone.rowsOf(line));
    }

    /**
     * Moves the focus down to {@code to}, one of two buttons (where "the one unlike the other" tells nothing,
     * and 3.08 paints its first button alike with the focus and without): there once it looks otherwise
     * than it did, which a button does only as it takes the focus.
     */
    private void focusOnSecond(String to) {
        phone.settle();
        Look unfocused = look(to);
        for (int down = 0; look(to).equals(unfocused); down++) {
            if (down > 3) {
                throw new AssertionError("no focus on " + to + ": " + screen());
            }
            phone.pressAndSettle(Phone.Key.DOWN);
        }
    }

    /** Of {@code items} on the screen, the one painted unlike all the others (null: none, or not yet). */
    private String focusedAmong(List<String> items) {
        phone.settle();
        for (String item : items) {
            if (items.stream().filter(other -> !other.equals(item)).allMatch(other -> differs(item, other))) {
                return item;
            }
        }
        return null;
    }

    /** Goes right, tab by tab, to the tab that shows {@code text} (a chat the phone was drawn into). */
    void openTabShowing(String text) {
        // a line too long for the screen is wrapped into strings of its own (3.08)
        // (where it breaks the line, 3.00 drops the space)
        java.util.function.Predicate<List<String>> shows = s -> String.join("", s).replace(" ", "")
                .contains(text.replace(" ", ""));
        for (int tab = 0; !shows.test(screen()); tab++) {
            if (tab > 8) {
                throw new AssertionError("no tab shows " + text + ": " + screen());
            }
            phone.pressAndSettle(Phone.Key.RIGHT);
            phone.await("the tab's content", shows, Duration.ofMillis(1500), false);
        }
    }

    /**
     * Answers the phone's question about a file someone sent (FILE_RECEIVED: "bob has sent you a picture
     * (74 bytes). View now?", which comes up over any screen) with its yes.
     */
    void viewReceivedFile(String question) {
        awaitText(question);
        // read before it is answered, as a person does: 3.08 answered within milliseconds of showing it once put
        // the question back over the file's page it had opened
        phone.settle();
        long deadline = System.nanoTime() + STEP.toNanos();
        // the commands are read again at each try: they can change between two looks (3.08)
        while (System.nanoTime() < deadline) {
            phone.await("the question's commands", s -> phone.commands().stream().anyMatch(VIEW::contains), STEP);
            String yes = phone.commands().stream().filter(VIEW::contains).findFirst().orElse(null);
            if (yes == null) {
                continue;
            }
            int mark = tap.mark();
            int dialled = phone.dialled().size();
            command(yes);
            // taken once its commands are gone (the display changes before the dialog does: 3.00 painted the
            // picture's tab under a question it had not taken yet), read on a display that holds still: 3.08
            // offered the question's Ok again for a moment while it painted the file's page, and a second Ok
            // given then threw in the MIDlet and left it on "Loading..." for good. A question still (or again)
            // up once the display holds still is answered again, as a person would (3.00 and 3.08 put it back
            // over the file's page now and then, after they went for the file)
            phone.await("the question to close", s -> phone.commands().stream().noneMatch(VIEW::contains)
                    || wentForTheFile(mark, dialled), Duration.ofSeconds(3), false);
            // a question that closed is taken; the phone goes for the file a moment later. 3.08 offered the
            // question's Ok again in between, before it dialled, and a second Ok then (184 ms after the first)
            // threw as the one given while it painted the page did: it is given time to go before anything else
            if (phone.commands().stream().noneMatch(VIEW::contains)) {
                phone.await("the phone to go for the file", s -> wentForTheFile(mark, dialled), Duration.ofSeconds(5),
                        false);
            }
            if (wentForTheFile(mark, dialled)) {
                // the Ok 3.08 offers for a moment while it paints the file's page, and the question 3.00 and 3.08
                // put back over the page while it loads, are not answered then: an Ok given while the page loads
                // throws in the MIDlet and leaves it on "Loading..." for good (3.08: 124 and 184 ms after the
                // first Ok; 3.00: 145 ms). A question put back stays up, so it is looked at again only once the
                // page has had two seconds to load, as a person reading it would
                phone.await("the file's page to load", s -> false, Duration.ofSeconds(2), false);
            }
            phone.settle();
            if (phone.commands().stream().noneMatch(VIEW::contains)) {
                return;
            }
        }
        throw new AssertionError("the question took no " + VIEW + ": " + screen() + " / " + phone.describe());
    }

    /** Whether the phone opened an address since: over HTTP itself (3.x, 4.05), or through the gateway (OPEN_URL). */
    private boolean wentForTheFile(int mark, int dialled) {
        return phone.dialled().size() > dialled || tap.seen().stream().skip(mark)
                .anyMatch(seen -> seen.fromClient() && seen.packet().type() == PacketType.OPEN_URL);
    }

    /** The command that says yes to "View now?", by generation. */
    private static final List<String> VIEW = List.of("Yes", "View", "OK", "Ok");

    /** The dialog 3.x and 4.05 show while a request waits for the server's answer. */
    private static final String PROCESSING = "Processing...";

    /** Leaves the room whose chat is on the screen with its menu's Close Chat (3.x, 4.05: Leave Room). */
    void closeChat() {
        List<String> before = screen();
        int mark = tap.mark();
        choose(version.equals("4.05") || version.startsWith("3.") ? "Leave Room" : "Close Chat");
        // 3.x and 4.05 show "Processing..." until the server's OK, and close the chat's tab only then: a key
        // pressed on that dialog (the next step's Back) cancels it and leaves the tab open (3.08, most runs on
        // 2026-12-06, old commits too), so the chat counts as closed once the answer came and the dialog is gone
        tap.awaitAfter(mark, "the answer to LEAVE_CHATROOM", s -> !s.fromClient()
                && s.packet().type() == PacketType.OK && s.packet().string(1, "").startsWith("You have left"), STEP);
        phone.settle();
        phone.await("the chat to close", s -> !s.equals(before) && !s.contains(PROCESSING)
                && !phone.commands().contains("Select"), STEP);
    }

    /**
     * Opens the screen's Menu and chooses {@code item}, as a user would: down the menu until the item's
     * line is painted in the focus colour, then Select. The focused line is the one whose colour differs
     * from its neighbour's (4.x menus scroll and wrap, so the item may come into view only on the way).
     */
    void choose(String item) {
        // unless the menu is open already: 3.00's open menu once showed neither command for a moment while the
        // list behind it repainted, and a Menu then waited for in vain; and a Menu the phone took no notice of
        // (3.00, just after a kick vote) is given again. Read on a display that holds still: right after a
        // menu's Select the closed menu's commands can still be offered (3.08 took the list for its menu)
        // (each attempt reads the commands of a display that holds still: 3.00 once offered Select for a moment
        // after a Menu it then did not open)
        for (int attempt = 1; attempt <= 3; attempt++) {
            phone.settle();
            if (phone.commands().contains("Select")) {
                break;
            }
            phone.await("the Menu command or an open menu", s -> phone.commands().contains("Menu")
                    || phone.commands().contains("Select"), STEP);
            phone.settle();
            // a submenu just opened is open, whatever its commands say this moment (3.08's Presence submenu
            // offered the list's Menu for a moment after a presence was set, and a Menu then opened the list's
            // menu over it)
            // the Menu only while it is offered: an earlier one the phone took late may open the menu meanwhile,
            // and a Menu waited for then was waited for in vain (3.08, over its list)
            if (!phone.commands().contains("Select") && !(submenu != null && has(screen(), submenu))
                    && phone.command("Menu")) {
                phone.await("the menu", s -> phone.commands().contains("Select"), UNHEARD, false);
            }
        }
        phone.await("the menu", s -> phone.commands().contains("Select"), STEP);
        phone.settle(); // a key pressed while the menu is still coming up is lost (3.x)
        for (int step = 0; step < 40; step++) {
            // a menu repaints line by line (and again when a message comes in behind it): the focus is read
            // from a display that holds still, and read again
            if (focused(item)) {
                phone.settle();
                if (focused(item)) {
                    List<String> menu = screen();
                    command("Select");
                    // a Select the phone did not take (3.08, now and then) leaves the menu as it was: again
                    if (!phone.await("the menu to close", s -> !s.equals(menu), Duration.ofSeconds(2), false).equals(menu)) {
                        submenu = null;
                        return;
                    }
                    continue;
                }
            }
            phone.pressAndSettle(Phone.Key.DOWN);
        }
        throw new AssertionError("the menu offers no " + item + ": " + screen());
    }

    /**
     * Whether the menu's focus is on {@code item}: its line is painted unlike the lines above and below it
     * (the nearest on other rows: 4.05 paints an Active Chats' "#" on its row). The last (or first) line
     * has one neighbour only, which may itself be the focused one: then that neighbour must look like its
     * own other neighbour (4.62 chose Transfer Credit for Kick User, the last line in view).
     */
    private boolean focused(String item) {
        List<String> now = screen();
        int at = now.lastIndexOf(item);
        if (at < 1 || phone.colourOf(item) == -1) {
            return false;
        }
        String above = neighbour(now, at, -1);
        String below = neighbour(now, at, 1);
        if (above == null) {
            // the first entry (3.08's Presence submenu: its centred title is no entry above Online)
            String belowBelow = below == null ? null : neighbour(now, now.lastIndexOf(below), 1);
            return below != null && differs(item, below) && (belowBelow == null || !differs(below, belowBelow));
        }
        if (below != null) {
            return differs(item, above) && differs(item, below);
        }
        String aboveAbove = neighbour(now, now.lastIndexOf(above), -1);
        return differs(item, above) && (aboveAbove == null || !differs(above, aboveAbove));
    }

    /**
     * The nearest line on another row than line {@code at}'s, going {@code step} (-1 up, 1 down); null: none.
     * Strings of one row may stand a pixel or two apart (4.05's "#" and "Active Chats": 144 and 145).
     */
    private String neighbour(List<String> lines, int at, int step) {
        int row = phone.rowOf(lines.get(at));
        int[] where = phone.whereIs(lines.get(at).trim());
        for (int i = at + step; i >= 0 && i < lines.size(); i += step) {
            // a counter on an entry (4.62's own-line menu: My Profile 1, migWorld 3) is no entry of its own,
            // and the same digit elsewhere on the display makes its row and colours no answer
            if (lines.get(i).strip().chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (Math.abs(phone.rowOf(lines.get(i)) - row) > ONE_ROW && inColumn(where, lines.get(i))) {
                return lines.get(i);
            }
        }
        return null;
    }

    /**
     * Whether {@code line} starts where a menu's entry at {@code where} does: 3.x menus are boxes over the
     * chat, whose lines still show round the box and are no entries of it; in 4.x only where a submenu is
     * read by its column ({@link #chooseInSubmenu}).
     */
    private boolean inColumn(int[] where, String line) {
        if ((!version.startsWith("3.") && !byColumn) || where == null) {
            return true;
        }
        int[] other = phone.whereIs(line.trim());
        return other != null && Math.abs(other[0] - where[0]) <= ONE_ROW;
    }

    /** While a 4.x submenu's entry is chosen: its neighbours are the lines in its own column. */
    private boolean byColumn;

    /**
     * Chooses {@code item} of a 4.x submenu that stands over its parent menu (4.20's Login submenu over
     * Settings: Change Password, its last entry, has the parent's Camera beside it). Only here are a 4.x
     * menu's lines read by column: elsewhere a tab's title, alone in its column, could pass for an entry
     * while the menu is still being painted.
     */
    private void chooseInSubmenu(String item) {
        byColumn = true;
        try {
            choose(item);
        } finally {
            byColumn = false;
        }
    }

    /** How far apart (pixels) two strings of one row may be painted. */
    private static final int ONE_ROW = 4;

    private boolean differs(String line, String other) {
        return phone.colourOf(line) != phone.colourOf(other) || phone.backgroundOf(line) != phone.backgroundOf(other)
                || phone.frameOf(line) != phone.frameOf(other);
    }

    private boolean isChat(String contact) {
        return phone.commands().contains("Write") && has(screen(), contact);
    }

    /**
     * In a chat, writes {@code text} and sends it: Write opens the phone's "Write Message" box (chosen again
     * while the chat is still settling and the command goes unheard), Send returns to the chat, which then
     * shows the line.
     */
    void write(String text) {
        for (int attempt = 1; !phone.describe().contains("TextBox"); attempt++) {
            if (attempt > 8) {
                throw new AssertionError("Write opened no text box: " + screen() + " / " + phone.describe());
            }
            command("Write");
            phone.await("the text box", s -> phone.describe().contains("TextBox"), Duration.ofSeconds(3), false);
        }
        // 3.00 empties its box just after showing it, which can undo text typed at once: then Send sends
        // nothing and the box stays, and the text is typed again
        for (int attempt = 1; phone.describe().contains("TextBox"); attempt++) {
            if (attempt > 5) {
                throw new AssertionError("the phone did not send " + text + ": " + phone.describe());
            }
            if (!phone.describe().contains("text=\"" + text + "\"")) {
                phone.type(text);
                phone.await("the text box to take the text", s -> phone.describe().contains("text=\"" + text + "\""),
                        STEP);
            }
            command("Send");
            // back in the chat; or still in a box that lost its text (Send sent nothing: typed again); or the
            // box as it was (a Send chosen while the box was still coming up goes unheard: chosen again)
            phone.await("the chat", s -> !phone.describe().contains("TextBox") || phone.describe().contains("text=\"\""),
                    Duration.ofSeconds(3), false);
        }
        awaitText(text);
    }

    /** Waits for a dialog or page showing {@code text} and leaves it with {@code command}. */
    void acknowledge(String text, String command) {
        awaitText(text);
        List<String> now = screen();
        command(command);
        phone.await("the dialog to close", s -> !s.equals(now), STEP);
    }

    /**
     * Edits the form's field {@code field}: Edit opens the phone's text box for the focused field, whose
     * title names it (when it has one): a box for another field is left with Back and the focus moved
     * ({@code towards}) first. The text is typed, Continue returns to the form, which must then show
     * {@code shown} (null: nothing to check); some generations fill the box after showing it, which can undo
     * text typed at once, so the edit is made again until it holds.
     */
    private void edit(String field, String text, String shown, Phone.Key towards) {
        for (int attempt = 1; ; attempt++) {
            if (attempt > 8) {
                throw new AssertionError("could not type into " + field + ": " + screen() + " / " + phone.describe());
            }
            if (version.equals("3.00") && field.equals("Password")) {
                phone.press(Phone.Key.SELECT); // 3.00's password field opens its box on the fire key only
            } else {
                command("Edit");
            }
            // a command chosen while the form is still coming back can go unheard: then Edit is chosen again;
            // twice unheard, the focus is on a check box below the fields (a DOWN pressed while the form came
            // back counted twice): up one line
            phone.await("the text box", s -> phone.describe().contains("TextBox"), Duration.ofSeconds(3), false);
            if (!phone.describe().contains("TextBox")) {
                if (attempt % 2 == 0) {
                    phone.pressAndSettle(Phone.Key.UP);
                }
                continue;
            }
            String box = phone.describe();
            if (box.contains("TextBox \"") && !box.toLowerCase(java.util.Locale.ROOT).contains(field.toLowerCase(java.util.Locale.ROOT))) {
                leaveTextBox("Back");
                phone.pressAndSettle(towards);
                continue;
            }
            phone.type(text);
            phone.await("the text box to take the text", s -> phone.describe().contains("text=\"" + text + "\""), STEP);
            leaveTextBox("Continue");
            if (shown == null || phone.await("the form to show " + shown, s -> s.contains(shown), Duration.ofSeconds(2), false)
                    .contains(shown)) {
                return;
            }
        }
    }

    private void leaveTextBox(String preferred) {
        List<String> commands = phone.commands();
        String choice = commands.contains(preferred) ? preferred : commands.stream()
                .filter(c -> List.of("Continue", "OK", "Save", "Done", "Back", "Cancel").contains(c)).findFirst()
                .orElseThrow(() -> new AssertionError("the text box offers no way back: " + commands));
        phone.command(choice);
        phone.await("the form", s -> !phone.describe().contains("TextBox"), STEP);
    }

    static boolean has(List<String> screen, String text) {
        return screen.stream().anyMatch(l -> l.contains(text));
    }

    // ---- contacts, presence and the own status (issue 10, item 2) ----

    /** The contact list showing {@code contact}: its group's header and the contact, the list's Menu. */
    boolean isContactList(String contact) {
        List<String> now = screen();
        return has(now, "mig33 Contacts") && has(now, contact) && phone.commands().contains("Menu")
                && !phone.commands().contains("Write") && !phone.commands().contains("Select");
    }

    /**
     * Back from wherever the phone is (a chat) to the contact list showing {@code contact}, as a user goes:
     * Back where the screen offers it, else one tab to the left (4.x keep each chat in a tab to the right of
     * the list; 4.50's home page is the tab left of it, reached last).
     */
    void backToContactList(String contact) {
        long deadline = System.nanoTime() + STEP.toNanos();
        int ups = 0;
        boolean wrapped = false;
        while (!isContactList(contact)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no way back to the contact list: " + screen() + " / " + phone.describe());
            }
            List<String> now = screen();
            List<String> commands = phone.commands();
            if (acknowledgedAnnouncement(now)) {
                continue;
            } else if (commands.contains("Back")) {
                act(now, () -> phone.command("Back"));
            } else if (commands.contains("Close")) { // 3.00's page
                act(now, () -> phone.command("Close"));
            } else if (version.startsWith("3.") && (has(now, "Contacts") || has(now, "Friends"))
                    && !commands.contains("Write") && ups++ < 8) {
                // 3.x's list (its tab: 3.00 Contacts, 3.08 Friends), back from a page with the focus on its last
                // line and the contact above the view (by the password step 3.08 lists bob, carol and dave and
                // keeps the focus on dave, the last: three UPs did not bring the group's header back); not in a
                // chat (its Write), whose tab bar says Friends too: UP there moves nothing
                phone.pressAndSettle(Phone.Key.UP);
            } else if (version.startsWith("3.") && commands.equals(List.of("Menu")) && closedWindow()) {
                continue; // 3.08's page
            } else if (!version.startsWith("3.") && !wrapped) {
                // a page opens a tab of its own at the end, and the tabs wrap round: RIGHT from the last is the
                // list's, the first (4.62 had eight tabs open by the password step, a LEFT and a wait each)
                wrapped = true;
                phone.pressAndSettle(Phone.Key.RIGHT);
                phone.await("the contact list", s -> isContactList(contact), Duration.ofSeconds(1), false);
                if (!isContactList(contact)) {
                    // not the first tab (4.50's first is migWorld's): back where it was, and LEFT from there
                    phone.pressAndSettle(Phone.Key.LEFT);
                }
            } else {
                phone.pressAndSettle(Phone.Key.LEFT);
                // a tab's content comes a moment after its header (the list's within 0.3 s in the reports' trails):
                // the list is waited for before the next LEFT, a second at most (every other tab costs that much)
                phone.await("the contact list", s -> isContactList(contact), Duration.ofSeconds(1), false);
            }
        }
    }

    /**
     * Opens the screen's menu with its Menu command, unless the menu is open already (an earlier Menu the phone
     * took late). Fails after {@link #STEP}.
     */
    private void openMenu() {
        phone.await("the Menu command or an open menu", s -> phone.commands().contains("Menu")
                || phone.commands().contains("Select"), STEP);
        phone.settle();
        // one Menu, then its menu waited for: 3.08 offers Select and Menu in turn for a moment as its menu comes
        // up, and a second Menu given then chose from the menu
        if (!phone.commands().contains("Select")) {
            phone.command("Menu"); // false: not offered any more, the menu opened meanwhile
        }
        phone.await("the menu", s -> phone.commands().contains("Select"), STEP);
    }

    /**
     * 3.08's page offers its Close Window in its Menu only: chosen if the Menu has it (else the Menu is left,
     * and false). True too when there was nothing to do yet: the screen is looked at again.
     */
    private boolean closedWindow() {
        // a page still loading may take no notice of a Menu (3.08 reloads the page before a form after the
        // form's Back): one the phone did not take leaves the screen to be looked at again. (The status bar is
        // no guide: a page without links, a picture's, says "Loading..." there for good.)
        phone.settle();
        if (!phone.commands().equals(List.of("Menu")) || !phone.command("Menu")) {
            return true; // another screen meanwhile
        }
        phone.await("the menu", s -> phone.commands().contains("Select"), UNHEARD, false);
        if (!phone.commands().contains("Select")) {
            return true; // not taken: given again on the next look (or the menu is open by then, and Back closes it)
        }
        phone.settle();
        if (has(screen(), "Close Window")) {
            // by keys: choose() takes the status bar's "Open link" below the menu for an entry; Close Window is
            // the last entry, below Continue where the page has a link
            if (has(screen(), "Continue")) {
                phone.pressAndSettle(Phone.Key.DOWN);
            }
            command("Select");
            return true;
        }
        command("Back");
        return false;
    }

    /**
     * What the contact list shows left of {@code contact}'s name now: its presence icon (see Phone.iconBefore);
     * 0 when the list does not show the contact.
     */
    /**
     * Whether the lowest string shown as {@code contact} is a line of the list, below the tab bar (where a
     * chat's tab names the contact too: 4.20 paints its tabs' titles at y 22, 3.08 at 2): lower than the
     * list's own tab title by more than a row. When an offline contact's line goes (3.x hide them), the
     * tab's title is all that is left.
     */
    private boolean isListLine(String contact) {
        int[] at = phone.whereIs(contact);
        int tabs = Stream.of("My Friends", "Friends", "Contacts").map(phone::whereIs).filter(java.util.Objects::nonNull)
                .mapToInt(t -> t[1]).min().orElse(0);
        return at != null && at[1] > tabs + ONE_ROW * 2;
    }

    /** Waits until the list shows {@code contact}'s line (below the tab bar, where a tab may name it too). */
    void awaitLine(String contact) {
        phone.await(contact + "'s line", s -> isListLine(contact), STEP);
    }

    int presenceIcon(String contact) {
        // the contact's line in the list, not a tab's title naming the contact (in the tab bar at the top)
        java.util.function.Predicate<List<String>> inList = s -> isListLine(contact);
        if (!inList.test(phone.await(contact + "'s line", inList, Duration.ofSeconds(2), false))) {
            return 0; // not in the list (3.x hide offline contacts)
        }
        return phone.iconBefore(contact);
    }

    /** Waits until the icon left of {@code contact} passes {@code test} (a presence change repaints it). */
    int awaitPresenceIcon(String contact, String what, java.util.function.IntPredicate test) {
        List<String> shown = phone.await(what, s -> test.test(presenceIcon(contact)), STEP, false);
        int icon = presenceIcon(contact);
        if (!test.test(icon)) {
            throw new AssertionError(version + ": " + contact + "'s icon never showed " + what + " (icon "
                    + Integer.toHexString(icon) + " at " + java.util.Arrays.toString(phone.whereIs(contact)) + "): " + shown);
        }
        return icon;
    }

    /**
     * From the contact list, sets the user's own status message: up the list (4.x lists wrap round) until the
     * user's own line at its top has the focus, which a list paints in colours of its own (told apart from
     * {@code contact}'s line); the fire key opens the "Update Status Msg" box, the text replaces what the box
     * holds, Continue sends it; the list then shows it on the own line.
     */
    void setStatusMessage(String user, String contact, String text) {
        focusOwnLine(user, contact);
        phone.press(Phone.Key.SELECT);
        phone.await("the status box", s -> phone.describe().contains("TextBox"), STEP);
        if (!phone.describe().toLowerCase(java.util.Locale.ROOT).contains("status")) {
            throw new AssertionError("not the status box: " + phone.describe());
        }
        phone.type(text);
        phone.await("the box to take the text", s -> phone.describe().contains("text=\"" + text + "\""), STEP);
        leaveTextBox("Continue");
        awaitText(text);
    }

    /** Up the contact list until the user's own line at its top is painted otherwise than {@code contact}'s. */
    void focusOwnLine(String user, String contact) {
        for (int i = 0; i < 10 && !(phone.colourOf(user) != -1 && (phone.colourOf(user) != phone.colourOf(contact)
                || phone.backgroundOf(user) != phone.backgroundOf(contact))); i++) {
            phone.pressAndSettle(Phone.Key.UP);
        }
    }

    /**
     * Sets the user's own presence from the contact list's menus, as every generation offers it: Set Presence
     * (3.x: in the list's Menu; 4.x: in the own line's, which the harness focuses first), then {@code presence}
     * in its submenu (Online, Away, Busy, Appear Offline).
     */
    void setPresence(String user, String contact, String presence) {
        if (!version.startsWith("3.")) {
            focusOwnLine(user, contact);
        }
        chooseSubmenu("Set Presence", "Appear Offline");
        choose(presence);
    }

    /**
     * Opens the user's own profile from the list's Menu (3.x: My Profile, a page the phone fetches itself over
     * HTTP) and leaves it shown (the pages' soft keys differ: 3.00 Close, 3.08 only a Menu).
     */
    void openOwnProfile() {
        // a login's announcement comes first (the list's Menu is offered once it is acknowledged)
        phone.await("the list's Menu or the announcement", s -> phone.commands().contains("Menu")
                || has(s, "Announcement"), STEP);
        if (has(screen(), "Announcement")) {
            acknowledge("Announcement", "Continue");
        }
        choose("My Profile");
    }

    /**
     * Opens the user's own profile as 4.x do: the own line's menu, My Profile (4.05 asks for its address,
     * GET_URL 3, and fetches it itself; 4.20 and 4.30 ask the gateway for /my/profile/, 4.50 and 4.62 for the
     * web site's profile page: OPEN_URL), and leaves it shown.
     */
    void openOwnProfileFromOwnLine(String user, String contact) {
        focusOwnLine(user, contact);
        choose("My Profile");
    }

    /**
     * Opens the Change Password page from the own line's Menu: Settings, then Change Password (4.50, 4.62) or
     * Login, Change Password (4.20, 4.30), a page that comes through the gateway; 4.05: Account Settings,
     * Manage Account, the account page's first link; 3.x: the list's Menu, My Account, the page's first link
     * (pages they fetch over HTTP themselves).
     */
    void openChangePassword(String user, String contact) {
        if (version.startsWith("3.")) {
            openFromMyAccount(0, "Change Password");
            return;
        }
        focusOwnLine(user, contact);
        if (version.equals("4.05")) {
            // Account Settings, Manage Account: the account page (GET_URL 4, fetched over HTTP), its first link
            chooseSubmenu("Account Settings", "Manage Account");
            choose("Manage Account");
            phone.await("the account page", s -> has(s, "Change Password"), STEP);
            phone.settle();
            phone.press(Phone.Key.SELECT);
            phone.await("the page's form", s -> has(s, "Old password"), STEP);
            return;
        }
        choose("Settings");
        phone.await("the Settings submenu", s -> has(s, "Change Password") || has(s, "Login As Invisible")
                || has(s, "Clear Cache"), STEP);
        if (!has(screen(), "Change Password")) {
            chooseSubmenu("Login", "Change Password");
            chooseInSubmenu("Change Password");
        } else {
            choose("Change Password");
        }
        phone.await("the page's form", s -> has(s, "Old password"), STEP);
    }

    /**
     * Opens the Edit Profile page from the own line's menu: its Edit Profile (4.05, which asks for the page's
     * address, GET_URL 12, and fetches it over HTTP itself), or My mig, Edit Profile (4.20 and later, through
     * the gateway).
     */
    void openEditProfile(String user, String contact) {
        if (version.startsWith("3.")) {
            openFromMyAccount(1, "Edit Profile");
            return;
        }
        focusOwnLine(user, contact);
        if (!version.equals("4.05")) {
            chooseSubmenu("My mig", "Edit Profile");
        }
        choose("Edit Profile");
        phone.await("the page's form", s -> has(s, "Display name"), STEP);
    }

    /**
     * Sets the display picture from the memory card, as 4.05 and later offer it: the own line's menu, Change
     * My Picture (4.05) or My mig, Change Display Picture (4.20 and later), From Storage; then the file
     * browser (Select File): the card's root, the picture ({@link #CARD_PICTURE}, below the ".." line), and
     * Share Photo's (4.05: Send Photo's) Continue, which uploads it.
     */
    void setDisplayPictureFromCard(String user, String contact) {
        focusOwnLine(user, contact);
        if (version.equals("4.05")) {
            chooseSubmenu("Change My Picture", "From Storage");
        } else {
            chooseSubmenu("My mig", "Change Display Picture");
            chooseSubmenu("Change Display Picture", "From Storage");
        }
        choose("From Storage");
        phone.await("the card's root", s -> has(s, CARD_ROOT + "/"), STEP);
        commandTaken("Continue", () -> has(screen(), CARD_PICTURE));
        phone.await("the card's picture", s -> has(s, CARD_PICTURE), STEP);
        phone.settle();
        phone.pressAndSettle(Phone.Key.DOWN); // from ".." to the picture
        commandTaken("Continue", () -> !has(screen(), CARD_PICTURE));
        phone.await("Share Photo (4.05: Send Photo)", s -> has(s, "Share Photo") || has(s, "Send Photo"), STEP);
        phone.settle();
        command("Continue");
    }

    /**
     * 3.x: the list's Menu, My Account (the account page GET_URL 4 names, fetched over HTTP), then its link
     * number {@code link} (0: the first, which has the focus), whose page is titled {@code title}.
     */
    private void openFromMyAccount(int link, String title) {
        int opened = phone.dialled().size();
        choose("My Account");
        // the page is fetched anew each time; the last one fetched shows meanwhile, with the same title, and a
        // link chosen on it before the new one is painted was lost (3.08 opened Change Password again for
        // Edit Profile)
        phone.await("the account page, fetched anew", s -> phone.dialled().size() > opened && has(s, "My Account"),
                STEP);
        phone.settle();
        // 3.08 may show "Loading..." once more after the old copy: a DOWN pressed then is lost, and the link
        // chosen is the first (Change Password opened for Edit Profile)
        phone.await("the account page, loaded", s -> has(s, "My Account") && !has(s, "Loading..."), STEP);
        phone.settle();
        for (int i = 0; i < link; i++) {
            phone.pressAndSettle(Phone.Key.DOWN);
        }
        phone.press(Phone.Key.SELECT);
        phone.await("the form's page", s -> has(s, title), STEP);
        phone.settle();
    }

    /**
     * Fills the form of a page in a 4.20+ browser and submits it with its {@code button}: the first field has
     * the focus; each value (empty: the field is left as it is) is typed into the text box the fire key opens,
     * DOWN moves to the next field (again if the display did not change); after the last, DOWN and the fire
     * key until the fire key opens no text box, which it does on a field (4.20 scrolls the page on a DOWN
     * before it moves the focus to a button below the screen's edge, so the button's looks tell nothing).
     */
    void submitForm(String button, String... values) {
        if (!version.startsWith("3.")) { // 3.x paint a page's text letter by letter: the harness reads none of it
            phone.await("the form's " + button + " button", s -> has(s, button), STEP);
        }
        for (int field = 0; field < values.length; field++) {
            if (field > 0) {
                int before = phone.pixels();
                for (int attempt = 0; attempt < 3 && phone.pixels() == before; attempt++) {
                    phone.pressAndSettle(Phone.Key.DOWN);
                }
            }
            String value = values[field];
            if (value.isEmpty()) {
                continue;
            }
            for (int attempt = 1; !phone.describe().contains("TextBox"); attempt++) {
                if (attempt > 3) {
                    throw new AssertionError("the field opens no text box: " + screen());
                }
                phone.press(Phone.Key.SELECT);
                phone.await("the field's text box", s -> phone.describe().contains("TextBox"), Duration.ofSeconds(3), false);
            }
            phone.type(value);
            phone.await("the box to take the text", s -> phone.describe().contains("text=\"" + value + "\""), STEP);
            leaveTextBox("Continue");
            phone.await("the page again", s -> !phone.describe().contains("TextBox"), STEP);
            phone.settle();
        }
        // down to the button: the fire key on a field opens its text box instead, which is left as it was
        for (int down = 0; ; down++) {
            if (down > 8) {
                throw new AssertionError("the focus never reached " + button + ": " + screen());
            }
            int before = phone.pixels();
            for (int attempt = 0; attempt < 3 && phone.pixels() == before; attempt++) {
                phone.pressAndSettle(Phone.Key.DOWN);
            }
            phone.press(Phone.Key.SELECT);
            phone.await("a field's text box", s -> phone.describe().contains("TextBox"), Duration.ofSeconds(1), false);
            if (!phone.describe().contains("TextBox")) {
                return; // the button
            }
            leaveTextBox("Back");
            phone.await("the page again", s -> !phone.describe().contains("TextBox"), STEP);
            phone.settle();
        }
    }

    /**
     * Adds {@code user} from the contact list's own menus: "Add a Friend" where the Menu offers it (4.05),
     * "Add Contact" and the type of contact, mig33 (3.x), else My Friends, Add Friends, By Username (4.62); the form's username
     * field is the first, its Add button (a Continue soft key) below the group and a check box.
     */
    void addContact(String user) {
        for (int tries = 0; ; tries++) {
            openMenu();
            // 3.08 offers Select a moment before the menu's entries are painted: the entries looked for below
            // were not there yet, and the 4.62 branch looked for My Friends in a 3.x menu (a bounded wait: 4.05's
            // menu of its own line shows none of them)
            phone.await("the menu's entries", s -> has(s, "Add a Friend") || has(s, "Add Contact") || has(s, "My Friends"),
                    Duration.ofSeconds(3), false);
            // 4.05's menu for the own line ("My Account") scrolls past Add a Friend where the harness misses its
            // focus: back, and the menu of a contact's line instead (4.05's DOWN moves the list's focus round)
            if (!has(screen(), "My Account") || tries == 4) {
                break;
            }
            command("Back");
            phone.await("the list", s -> !phone.commands().contains("Select"), STEP);
            phone.pressAndSettle(Phone.Key.DOWN);
        }
        if (has(screen(), "Add a Friend")) {
            choose("Add a Friend");
        } else if (has(screen(), "Add Contact")) {
            // 3.x: Add Contact asks the type of contact first, its focus on the first, mig33
            choose("Add Contact");
            acknowledge("Type of Contact", "Continue");
        } else {
            // each submenu opens with the focus on its first entry, the one wanted here (its colours beside the
            // menu under it do not tell the focus apart): Select once the submenu shows
            chooseSubmenu("My Friends", "Hide Offline Friends"); // an entry of this submenu only; its first is Add Friends
            command("Select");
            awaitText("By Username"); // the first entry
            command("Select");
        }
        phone.await("the Add a Friend form", s -> has(s, "Username") && phone.commands().contains("Edit"), STEP);
        edit("Username", user, user, Phone.Key.UP);
        int mark = tap.mark();
        for (int i = 0; i < 6 && !phone.commands().contains("Continue"); i++) {
            phone.pressAndSettle(Phone.Key.DOWN); // the focus on the Add button: its soft key says Continue
        }
        command("Continue");
        tap.awaitAfter(mark, "the phone's ADD_CONTACT", s -> s.fromClient() && s.packet().type() == PacketType.ADD_CONTACT,
                STEP);
    }

    /**
     * Chooses the menu entry {@code item} that opens a submenu showing {@code shows}. In a long 4.x menu the
     * harness can take the entry above the focused one for it (its colours are painted a moment apart): a
     * wrong submenu is closed with Back, and the focus moved one down.
     */
    private void chooseSubmenu(String item, String shows) {
        choose(item);
        for (int tries = 0; !has(phone.await(shows, s -> has(s, shows), Duration.ofSeconds(3), false), shows); tries++) {
            if (tries == 3) {
                throw new AssertionError("no submenu with " + shows + ": " + screen());
            }
            command("Back");
            phone.pressAndSettle(Phone.Key.DOWN);
            command("Select");
        }
        // the submenu is painted before its commands are offered (3.08's Presence): a choice made in between
        // found the list's Menu and opened that instead
        phone.await("the submenu's Select", s -> phone.commands().contains("Select"), STEP);
        submenu = shows;
    }

    /** What the submenu opened last shows, until the next choice is made in it ({@link #choose}). */
    private String submenu;

    /**
     * Accepts the contact request the phone shows ("dave has added you to his/her contact list."): its Allow
     * button has the focus and the Continue soft key; 4.05 then asks which group (the one the list has).
     */
    void acceptContactRequest(String requester) {
        awaitText(requester + " has added you");
        int mark = tap.mark();
        command("Continue");
        long pressed = System.nanoTime();
        // the answer goes out at once (3.x), or once a group is chosen in 4.05's box over the request (its
        // entries show a moment after its Select)
        long deadline = System.nanoTime() + STEP.toNanos();
        while (tap.seen().stream().skip(mark).noneMatch(s -> s.fromClient()
                && s.packet().type() == PacketType.ACCEPT_CONTACT_REQUEST)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the phone sent no ACCEPT_CONTACT_REQUEST: " + screen() + " / " + phone.describe());
            }
            List<String> now = screen();
            if (has(now, requester + " has added you") && phone.commands().contains("Continue")
                    && System.nanoTime() - pressed > UNHEARD.toNanos()) {
                // the form still up seconds later, nothing sent: the press came as 3.00 was still laying the form
                // out and was lost (seen once here); a person presses again
                command("Continue");
                pressed = System.nanoTime();
            } else if (phone.commands().contains("Select") && has(now, "Add to Group") && has(now, "<none>")
                    && has(now, "Add Group") && has(now, "mig33 Contacts")) {
                // 4.05's box: <none>, Add Group, then the groups; the form behind it is no neighbour of them
                focusAmong("mig33 Contacts", List.of("<none>", "Add Group", "mig33 Contacts"));
                command("Select");
            } else {
                phone.await("the group box or the answer", s -> !s.equals(now), Duration.ofSeconds(1), false);
            }
        }
    }

    /**
     * Accepts a contact request the way a 4.10+ client does, having no request screen: the notice the
     * server's NOTIFICATION put in the contact list ("dave has added you to his/her …") opened with the fire
     * key, which fetches its page through the gateway (OPEN_URL); the page's Accept link (its first, where
     * the browser puts the focus) followed with the fire key. The page then says the requester is a contact.
     */
    void acceptFromNotice(String requester) {
        String notice = requester + " has added you";
        awaitText(notice);
        focus(notice);
        int mark = tap.mark();
        phone.press(Phone.Key.SELECT);
        tap.awaitAfter(mark, "the requests page for the phone", s -> !s.fromClient()
                && s.packet().type() == PacketType.OPEN_URL_RESPONSE, STEP);
        phone.await("the page's Accept link", s -> has(s, "Accept") && has(s, "Reject"), STEP);
        phone.press(Phone.Key.SELECT);
        awaitText(requester + " is now in your contact list");
    }

    /**
     * A failure's report, named with the time: a walk is run again after a failure (surefire's reruns), and each
     * run's report is kept beside the others'.
     */
    void reportFailure(Path dir, String what) {
        report(dir, what + "-" + java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HHmmss")));
    }

    /** Leaves the screen and the conversation where a person can read them. */
    void report(Path dir, String what) {
        try {
            Files.createDirectories(dir);
            phone.screenshot(dir.resolve(what + ".png"));
            Files.writeString(dir.resolve(what + ".txt"), "screen: " + screen() + "\ncurrent: " + phone.describe()
                    + "\ndialled: " + phone.dialled() + "\nMIDlet exceptions: " + phone.midletErrors()
                    + "\n\nwhat was done:\n" + String.join("\n", phone.trail())
                    + "\n\nconversation:\n" + tap.transcript() + "\nthreads:\n" + phone.threads());
        } catch (java.io.IOException | RuntimeException e) {
            // a report is a help, never the reason a test fails
        }
    }

    @Override
    public void close() {
        phone.close();
        if (card != null) {
            try (var files = Files.walk(card)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }

    /**
     * Starts a MIDlet as installed from a JAD and JAR fetched over the air (the JAR beside the JAD), on a
     * phone whose network maps nothing: it dials what the MIDlet says.
     */
    static Mig33Phone startInstalled(String version, Gateway gateway, Path jad) {
        return onTap(new Mig33Phone(version, Phone.start(version, jad, Map.of()), gateway.tap));
    }
}
