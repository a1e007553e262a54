package dev.revenant.midlets.inside;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The text one phone shows. The emulator's graphics report here every string a MIDlet paints, every image
 * it copies and every rectangle it fills (see EmulatorCorrections), for whichever image they paint into:
 * an off-screen image or the display's own. A string stays on an image until something is painted over
 * it, so copying an off-screen image carries its strings along, and the display's strings are what the
 * phone shows, also for a MIDlet that repaints only what changed.
 */
public final class PaintedText {
    /**
     * One string as painted, where it shows on the image, in its colour (0xRRGGBB), over the colour of the
     * last rectangle filled under it (-1: none; a menu marks its focused line so, not by the text's colour).
     */
    public record Drawn(String text, int x, int y, int colour, int background) {}

    /** One filled rectangle, in its colour. */
    private record Fill(int x, int y, int w, int h, int colour) {
        boolean contains(int px, int py) {
            return px >= x && px < x + w && py >= y && py < y + h;
        }
    }

    /** The rectangles last filled on each image, newest last. */
    private static final Map<Object, List<Fill>> FILLS = new WeakHashMap<>();
    private static final int MAX_FILLS = 64;

    /**
     * The rectangles last outlined (drawRect) on each image, newest last: 3.x clients show a list's focus as
     * a frame round the focused line, not in the line's colours.
     */
    private static final Map<Object, List<Fill>> FRAMES = new WeakHashMap<>();

    /** Strings painted into each image, by image (identity: images do not override equals). */
    private static final Map<Object, List<Drawn>> IMAGES = new WeakHashMap<>();
    /** Bounds what one image remembers when a MIDlet paints text over text without clearing. */
    private static final int MAX_PER_IMAGE = 400;

    /** The display's own image, whose strings are what the phone shows. */
    private static volatile java.util.function.Supplier<Object> display = () -> null;

    private PaintedText() {}

    /** Names the display's image (the headless display creates it at its first repaint). */
    public static void display(java.util.function.Supplier<Object> image) {
        display = image;
    }

    /**
     * What the display showed when its last repaint ended, under which the harness reads the screen: the
     * emulator paints straight into the display's image, and a MIDlet that repaints all the time (3.08 does
     * while a tab flashes) would otherwise be read half way through a paint, its list cleared and not yet
     * painted again.
     */
    public static final Object SHOWN = new Object();

    /** Called when a repaint of the display ({@code image}) has ended: its strings are what the phone shows. */
    public static void repainted(Object image) {
        synchronized (IMAGES) {
            shown(IMAGES, image);
            shown(FRAMES, image);
        }
    }

    private static <T> void shown(Map<Object, List<T>> painted, Object image) {
        List<T> now = painted.get(image);
        if (now == null) {
            painted.remove(SHOWN);
        } else {
            painted.put(SHOWN, new ArrayList<>(now));
        }
    }

    /** Called when the MIDlet shows another screen: what the last one painted is gone. */
    public static void screenChanged() {
        Object image = display.get();
        if (image != null) {
            synchronized (IMAGES) {
                for (Object gone : new Object[] {image, SHOWN}) {
                    IMAGES.remove(gone);
                    FRAMES.remove(gone);
                }
            }
        }
    }

    /** Called by the emulator's graphics for every string a MIDlet paints into {@code target}. */
    public static void drawn(Object target, String text, int x, int y, int colour) {
        if (target != null && text != null && !text.isEmpty()) {
            add(target, List.of(new Drawn(text, x, y, colour, backgroundAt(target, x + 1, y + 1))));
        }
    }

    /** Called when a MIDlet draws an image ({@code source}) at x, y into {@code target}. */
    public static void imageDrawn(Object target, Object source, int x, int y) {
        if (target == null) {
            return;
        }
        List<Drawn> texts = new ArrayList<>();
        synchronized (IMAGES) {
            if (covers(source, target)) {
                IMAGES.remove(target); // a full-screen background painted over everything
                FRAMES.remove(target);
            }
            for (Fill f : FRAMES.getOrDefault(source, List.of())) {
                remember(FRAMES, target, new Fill(f.x() + x, f.y() + y, f.w(), f.h(), f.colour()));
            }
            List<Drawn> in = IMAGES.get(source);
            if (in == null) {
                return;
            }
            for (Drawn d : in) {
                texts.add(new Drawn(d.text(), d.x() + x, d.y() + y, d.colour(), d.background()));
            }
        }
        add(target, texts);
    }

    /**
     * Images whose pixels are blended over what is under them (drawRGB with alpha: 3.x paint the mig33 logo so
     * over their lists): the text under them still shows.
     */
    private static final Map<Object, Boolean> TRANSLUCENT = new WeakHashMap<>();

    /** Tells that {@code image} is blended over what it is drawn on (see TRANSLUCENT). */
    public static void translucent(Object image) {
        synchronized (IMAGES) {
            TRANSLUCENT.put(image, Boolean.TRUE);
        }
    }

    private static boolean covers(Object source, Object target) {
        if (TRANSLUCENT.containsKey(source)) {
            return false;
        }
        if (source instanceof javax.microedition.lcdui.Image s && target instanceof javax.microedition.lcdui.Image t) {
            return s.getWidth() >= t.getWidth() && s.getHeight() >= t.getHeight();
        }
        return false;
    }

    /** Called when a MIDlet fills a rectangle of {@code target}: what was written there is gone. */
    public static void filled(Object target, int x, int y, int w, int h, int colour) {
        synchronized (IMAGES) {
            remember(FILLS, target, new Fill(x, y, w, h, colour));
            List<Fill> frames = FRAMES.get(target);
            if (frames != null) {
                frames.removeIf(f -> f.x() >= x && f.x() + f.w() <= x + w && f.y() >= y && f.y() + f.h() <= y + h);
            }
            List<Drawn> in = IMAGES.get(target);
            if (in != null) {
                in.removeIf(d -> d.x() >= x && d.x() < x + w && d.y() >= y && d.y() < y + h);
            }
        }
    }

    /** Called when a MIDlet outlines a rectangle of {@code target}. */
    public static void framed(Object target, int x, int y, int w, int h, int colour) {
        synchronized (IMAGES) {
            remember(FRAMES, target, new Fill(x, y, w, h, colour));
        }
    }

    private static void remember(Map<Object, List<Fill>> rectangles, Object target, Fill rectangle) {
        List<Fill> on = rectangles.computeIfAbsent(target, k -> new ArrayList<>());
        on.add(rectangle);
        if (on.size() > MAX_FILLS) {
            on.remove(0);
        }
    }

    /**
     * The colour of the newest rectangle outlined round the lowest string on {@code image} equal to
     * {@code text} (a list's line rather than a tab named like it), or -1: a 3.x list frames its focused line,
     * 4.20's form frames its focused button in another colour than the others.
     */
    public static int frameOf(Object image, String text) {
        int[] at = whereIs(image, text);
        synchronized (IMAGES) {
            List<Fill> frames = FRAMES.getOrDefault(image, List.of());
            for (int i = frames.size() - 1; at != null && i >= 0; i--) {
                if (frames.get(i).contains(at[0] + 1, at[1] + 1)) {
                    return frames.get(i).colour();
                }
            }
        }
        return -1;
    }

    private static int backgroundAt(Object target, int x, int y) {
        synchronized (IMAGES) {
            List<Fill> fills = FILLS.get(target);
            if (fills != null) {
                for (int i = fills.size() - 1; i >= 0; i--) {
                    if (fills.get(i).contains(x, y)) {
                        return fills.get(i).colour();
                    }
                }
            }
        }
        return -1;
    }

    private static void add(Object target, List<Drawn> texts) {
        synchronized (IMAGES) {
            List<Drawn> in = IMAGES.computeIfAbsent(target, k -> new ArrayList<>());
            for (Drawn d : texts) {
                in.removeIf(old -> old.x() == d.x() && old.y() == d.y());
                in.add(d);
            }
            while (in.size() > MAX_PER_IMAGE) {
                in.remove(0);
            }
        }
    }

    /**
     * The colour of the string last painted on {@code image} that contains {@code text}, or -1: a list shows its
     * focused line in another colour, which is how a test sees where the focus is.
     */
    public static int colourOf(Object image, String text) {
        synchronized (IMAGES) {
            List<Drawn> in = IMAGES.get(image);
            if (in != null) {
                // the latest paint: a list that scrolled may still hold the line where it was before
                for (int i = in.size() - 1; i >= 0; i--) {
                    if (in.get(i).text().contains(text)) {
                        return in.get(i).colour();
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Where the string {@code text} (give or take spaces around it) shows on {@code image} ({x, y}), or null;
     * of several, the lowest (a tab's title above a list can name the same contact as a line of the list).
     */
    public static int[] whereIs(Object image, String text) {
        int[] at = null;
        synchronized (IMAGES) {
            List<Drawn> in = IMAGES.get(image);
            if (in != null) {
                for (Drawn d : in) {
                    if (d.text().trim().equals(text) && (at == null || d.y() > at[1])) {
                        at = new int[] {d.x(), d.y()};
                    }
                }
            }
        }
        return at;
    }

    /** The colour filled under the last string on {@code image} equal to {@code text}, or -1. */
    public static int backgroundOf(Object image, String text) {
        Drawn last = lastEqual(image, text);
        return last == null ? -1 : last.background();
    }

    /** The row (y) of the last string on {@code image} equal to {@code text}, or -1. */
    public static int rowOf(Object image, String text) {
        Drawn last = lastEqual(image, text);
        return last == null ? -1 : last.y();
    }

    private static Drawn lastEqual(Object image, String text) {
        Drawn last = null;
        synchronized (IMAGES) {
            List<Drawn> in = IMAGES.get(image);
            if (in != null) {
                for (Drawn d : in) {
                    if (d.text().equals(text)) {
                        last = d;
                    }
                }
            }
        }
        return last;
    }

    /** The strings on {@code image} now, top to bottom, left to right. */
    public static List<String> on(Object image) {
        List<Drawn> now;
        synchronized (IMAGES) {
            List<Drawn> in = IMAGES.get(image);
            now = in == null ? new ArrayList<>() : new ArrayList<>(in);
        }
        now.sort((a, b) -> a.y() != b.y() ? Integer.compare(a.y(), b.y()) : Integer.compare(a.x(), b.x()));
        List<String> out = new ArrayList<>(now.size());
        for (Drawn d : now) {
            out.add(d.text());
        }
        return out;
    }
}
