package dev.revenant.midlets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * One emulated phone running an unmodified MIDlet: keys in, screen out. Each phone has its own class loader,
 * so several phones run side by side in one JVM without sharing the emulator's static state.
 */
public final class Phone implements AutoCloseable {
    /** The keys of the emulator's default device, by the names its device.xml gives them. */
    public enum Key { SOFT1, SOFT2, UP, DOWN, LEFT, RIGHT, SELECT, ASTERISK, POUND,
        D0, D1, D2, D3, D4, D5, D6, D7, D8, D9;
        String button() {
            return name().startsWith("D") && name().length() == 2 ? name().substring(1) : name();
        }
    }

    /** What the harness asks of the phone; implemented inside the phone's class loader. */
    public interface Control {
        void start(String jadUrl, Map<String, String> routes);
        /**
         * Gives the phone a memory card (JSR-75 FileConnection, MicroEmulator's file system extension): each
         * directory under {@code directory} is a root the MIDlet lists.
         */
        void memoryCard(String directory);
        void keyDown(String button);
        void keyUp(String button);
        /** The strings the display shows now, top to bottom. */
        List<String> screen();
        /** The colour (0xRRGGBB) of the first string on the display containing {@code text}, or -1. */
        int colourOf(String text);
        /** Where the string {@code text} shows on the display ({x, y}; the lowest of several), or null. */
        int[] whereIs(String text);
        /** The colour of the rectangle filled under the last string painted as {@code text} (-1: none or not shown). */
        int backgroundOf(String text);
        /** The colour of the frame outlined round the lowest string shown as {@code text}, or -1 (see PaintedText). */
        int frameOf(String text);
        /** The row (y) of the last string painted as {@code text} (-1: not shown). */
        int rowOf(String text);
        /** The current displayable's kind and title, and for LCDUI screens their items and commands. */
        String describe();
        /** A static field of one of the MIDlet's classes, as text (for learning what a client keeps). */
        String peek(String className, String field);
        /** Copies what the display shows now (the emulator's own screen image) into {@code shot}. */
        void displayImage(BufferedImage shot);
        List<String> commands();
        boolean command(String label);
        boolean type(String text);
        List<String> dialled();
        /** Exceptions the MIDlet threw out of a key or command callback (a phone logs them and goes on). */
        List<String> midletErrors();
        List<String> platformRequests();
        /**
         * Repaints the current Canvas, as a phone does when something it showed over the MIDlet (the status
         * bar, a call) goes away.
         */
        void redraw();
        long repaints();
        void awaitRepaint(long after, long timeoutMillis) throws InterruptedException;
        int width();
        int height();
        void stop();
    }

    private final String name;
    private final Control control;
    private final PhoneClassLoader loader;
    /** Every thread of this phone (the emulator's and the MIDlet's) is in this group: closing ends them all. */
    private final ThreadGroup threads;
    /** The phone's event thread: keys and commands reach the MIDlet one at a time, on it, as on a phone. */
    private final ExecutorService events;
    /** What was done to the phone, when, on which screen: a failure's report shows the way it went. */
    private final List<String> trail = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Phone(String name, Control control, PhoneClassLoader loader, ThreadGroup threads, ExecutorService events) {
        this.name = name;
        this.control = control;
        this.loader = loader;
        this.threads = threads;
        this.events = events;
    }

    /** Starts the MIDlet described by {@code jad} on a new phone whose network maps the given host:port routes. */
    public static Phone start(String name, Path jad, Map<String, String> routes) {
        PhoneClassLoader loader;
        Control control;
        try {
            URL emulator = Class.forName("org.microemu.app.Common").getProtectionDomain().getCodeSource().getLocation();
            URL harness = Phone.class.getProtectionDomain().getCodeSource().getLocation();
            URL memoryCard = Class.forName("org.microemu.cldc.file.FileSystem").getProtectionDomain().getCodeSource().getLocation();
            loader = new PhoneClassLoader(emulator, harness, memoryCard);
            control = (Control) loader.loadClass("dev.revenant.midlets.inside.Handset").getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot start the emulator", e);
        }
        String descriptor = localDescriptor(jad).toUri().toString();
        ThreadGroup group = new ThreadGroup("phone " + name);
        ExecutorService events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(group, r, "phone " + name + " events");
            t.setContextClassLoader(loader);
            t.setDaemon(true);
            return t;
        });
        Phone phone = new Phone(name, control, loader, group, events);
        phone.onPhone(() -> control.start(descriptor, routes));
        phone.note("started");
        return phone;
    }

    /**
     * Waits (up to {@code max}) until the phone's event thread has finished the key or command it is
     * handling, if any: what the MIDlet does in its handler is done then.
     */
    public void awaitIdle(java.time.Duration max) {
        try {
            events.submit(() -> null).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            // a handler that waits for the network itself must get its answer: pass it on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs an action on the phone's event thread and waits for it. */
    private <T> T onPhone(Callable<T> action) {
        try {
            return events.submit(action).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": the phone's event thread is stuck", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void onPhone(Runnable action) {
        onPhone(() -> {
            action.run();
            return null;
        });
    }

    /**
     * The JAD as an over-the-air server would hand it to this phone: the same attributes, its
     * MIDlet-Jar-URL pointing at the JAR beside it (4.50 and 4.62 name the long-gone mig33 web site).
     */
    static Path localDescriptor(Path jad) {
        try {
            Path jar;
            try (var files = java.nio.file.Files.list(jad.getParent())) {
                jar = files.filter(f -> f.getFileName().toString().endsWith(".jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no JAR beside " + jad));
            }
            StringBuilder out = new StringBuilder();
            for (String line : java.nio.file.Files.readAllLines(jad, java.nio.charset.StandardCharsets.UTF_8)) {
                out.append(line.startsWith("MIDlet-Jar-URL:") ? "MIDlet-Jar-URL: " + jar.toUri() : line).append('\n');
            }
            Path local = java.nio.file.Files.createTempFile("phone-", ".jad");
            local.toFile().deleteOnExit();
            java.nio.file.Files.writeString(local, out, java.nio.charset.StandardCharsets.UTF_8);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A static field of the MIDlet, as text (the console's "peek": learning what a client keeps). */
    public String peek(String className, String field) {
        return control.peek(className, field);
    }

    public String name() {
        return name;
    }

    public void press(Key key) {
        note("key " + key);
        onPhone(() -> {
            control.keyDown(key.button());
            control.keyUp(key.button());
        });
    }

    /**
     * Presses a key and waits (up to a second) for the display to show its effect and settle. A MIDlet takes its keys
     * on its own time and 4.x repaint all the time, so a repaint alone says nothing; the next key pressed
     * before this one showed can be lost (a run of DOWNs on 4.05's login form skipped its Login button). A
     * key that changes nothing visible (the end of a list) costs the second.
     */
    public void pressAndSettle(Key key) {
        int shown = pixels();
        press(key);
        settle(shown, true);
    }

    /** Repaints the current Canvas (see {@link Control#redraw}). */
    public void redraw() {
        note("redraw");
        onPhone(control::redraw);
    }

    /** Waits (up to a second) for the display to hold still for a tenth of a second. */
    public void settle() {
        settle(pixels(), false);
    }

    /**
     * Waits (up to a second) for the display to hold still for a tenth of a second; after a key
     * ({@code mustChange}), only once it changed from {@code shown} (a form repaints line by line after a key,
     * and its first changed line is not yet its answer).
     */
    private void settle(int shown, boolean mustChange) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        long changed = mustChange ? -1 : System.nanoTime();
        try {
            while (System.nanoTime() < deadline && (changed < 0 || System.nanoTime() - changed < 100_000_000L)) {
                control.awaitRepaint(control.repaints(), 20);
                int now = pixels();
                if (now != shown) {
                    shown = now;
                    changed = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The display as the last repaint left it. */
    private BufferedImage shot() {
        BufferedImage shot = new BufferedImage(control.width(), control.height(), BufferedImage.TYPE_INT_RGB);
        control.displayImage(shot);
        return shot;
    }

    /** Gives the phone a memory card whose roots are the directories under {@code directory} (see Control). */
    public void memoryCard(Path directory) {
        onPhone(() -> control.memoryCard(directory.toAbsolutePath().toString()));
    }

    /** A digest of the display's pixels as the last repaint left them. */
    int pixels() {
        BufferedImage shot = shot();
        return java.util.Arrays.hashCode(((java.awt.image.DataBufferInt) shot.getRaster().getDataBuffer()).getData());
    }

    public void press(Key... keys) {
        for (Key k : keys) {
            press(k);
        }
    }

    /** The colour the phone paints {@code text} in now (-1: not shown); a focused line has its own. */
    public int colourOf(String text) {
        return control.colourOf(text);
    }

    /** The colour behind {@code text} on the display now (-1: not shown); a menu marks its focus so. */
    public int backgroundOf(String text) {
        return control.backgroundOf(text);
    }

    /** Whether the line shown as {@code text} has a frame round it: where a 3.x list has its focus. */
    public boolean isFramed(String text) {
        return control.frameOf(text) != -1;
    }

    /** The colour of the frame round the line shown as {@code text}, or -1 (a focused button's is its own). */
    public int frameOf(String text) {
        return control.frameOf(text);
    }

    /**
     * A digest of the column of pixels just left of {@code text} on the display, from below the title or tab
     * bar to above the soft keys: where a list shows its lines' icons (e.g. a contact's presence), or 0 when
     * the text is not shown. It changes when an icon in the column does. (The whole column: where a string
     * was painted into an off-screen list image shows its x but not always its y on the display.)
     */
    public int iconBefore(String text) {
        int[] at = control.whereIs(text);
        if (at == null) {
            return 0;
        }
        BufferedImage shot = shot();
        int left = Math.max(0, at[0] - 18);
        int width = Math.max(1, at[0] - left);
        int top = 20;
        int height = Math.max(1, control.height() - 2 * top);
        return java.util.Arrays.hashCode(shot.getRGB(left, top, width, height, null, 0, width));
    }

    /**
     * A digest of the display's rows round {@code text}, from edge to edge: they change when the line, or a
     * button round it, is painted otherwise (3.08 draws a focused button's border in another colour, with
     * lines, round a label whose anchor is its centre); 0 when not shown.
     */
    public int rowsOf(String text) {
        int[] at = control.whereIs(text);
        if (at == null) {
            return 0;
        }
        int top = Math.max(0, at[1] - ROWS_ABOVE);
        int bottom = Math.min(control.height(), at[1] + ROWS_BELOW);
        if (bottom <= top) {
            return 0;
        }
        BufferedImage shot = shot();
        return java.util.Arrays.hashCode(shot.getRGB(0, top, control.width(), bottom - top, null, 0, control.width()));
    }

    /** The rows round a string's anchor that {@link #rowsOf} reads: a button's border above and below a label. */
    private static final int ROWS_ABOVE = 4;
    private static final int ROWS_BELOW = 16;

    /** Where {@code text} shows on the display ({x, y}; the lowest of several), or null. */
    public int[] whereIs(String text) {
        return control.whereIs(text);
    }

    /** The strings the phone shows now, in the order painted. */
    /** The row (y) the phone painted {@code text} on last (-1: not shown). */
    public int rowOf(String text) {
        return control.rowOf(text);
    }

    public List<String> screen() {
        return control.screen();
    }

    public String describe() {
        return control.describe();
    }

    public List<String> commands() {
        return control.commands();
    }

    /** Chooses the command with this label on the current LCDUI screen (a soft key); false if there is none. */
    public boolean command(String label) {
        note("command " + label);
        return onPhone(() -> control.command(label));
    }

    /** Types text into the text box or field that has the focus, as the phone's input method would. */
    public boolean type(String text) {
        note("type \"" + text + "\"");
        return onPhone(() -> control.type(text));
    }

    private void note(String action) {
        List<String> now = screen();
        trail.add(String.format("%s  %-16s on %s", java.time.LocalTime.now(), action,
                now.subList(0, Math.min(8, now.size()))));
    }

    /** The start, and every key, command and text given to the phone so far, with the time and the screen it met. */
    public List<String> trail() {
        return List.copyOf(trail);
    }

    public List<String> dialled() {
        return control.dialled();
    }

    public List<String> midletErrors() {
        return control.midletErrors();
    }

    public List<String> platformRequests() {
        return control.platformRequests();
    }

    /** Waits until the screen, rendered after each repaint the MIDlet asks for, satisfies {@code test}. */
    public List<String> await(String what, Predicate<List<String>> test, Duration timeout) {
        return await(what, test, timeout, true);
    }

    /** As {@link #await(String, Predicate, Duration)}; with {@code required} false a timeout returns the screen. */
    public List<String> await(String what, Predicate<List<String>> test, Duration timeout, boolean required) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = control.repaints();
            List<String> now = screen();
            if (test.test(now)) {
                return now;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (!required) {
                    return now;
                }
                throw new AssertionError(name + ": timed out after " + timeout + " waiting for " + what
                        + "\nscreen: " + now + "\ncurrent: " + describe());
            }
            try {
                control.awaitRepaint(seen, Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits until some string on the screen contains {@code text}. */
    public List<String> awaitText(String text, Duration timeout) {
        return await("\"" + text + "\"", s -> s.stream().anyMatch(l -> l.contains(text)), timeout);
    }

    public void screenshot(Path file) {
        BufferedImage shot = shot();
        try {
            ImageIO.write(shot, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            onPhone(control::stop);
        } finally {
            events.shutdownNow();
            powerOff();
            try {
                loader.close();
            } catch (IOException ignored) {
                // the jar stays open until the JVM ends: nothing to lose
            }
        }
    }

    /** What each of the phone's threads is doing (for a failure's report). */
    public String threads() {
        StringBuilder out = new StringBuilder();
        Thread[] all = new Thread[threads.activeCount() + 16];
        int n = threads.enumerate(all, true);
        for (int i = 0; i < n; i++) {
            out.append(all[i].getName()).append(' ').append(all[i].getState()).append('\n');
            StackTraceElement[] stack = all[i].getStackTrace();
            for (int j = 0; j < Math.min(12, stack.length); j++) {
                out.append("    at ").append(stack[j]).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Ends every thread the phone still runs: the MIDlets keep reconnecting and polling after they are
     * destroyed, which on a phone ends with the power and here would go on beside the next test's phone.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private void powerOff() {
        threads.interrupt();
        Thread[] all = new Thread[threads.activeCount() + 16];
        int n = threads.enumerate(all, true);
        // one second for them all, not each: a MIDlet's reconnecting and polling threads go on after an
        // interrupt, and a dozen of them cost a dozen seconds per closed phone
        long deadline = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            try {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left > 0) {
                    all[i].join(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (all[i].isAlive()) {
                // a MIDlet thread that ignores interruption: MIDP has no other way to stop it either
                all[i].stop();
            }
        }
    }
}
