package dev.revenant.mig33.session;

/**
 * Texts one user writes and others see (status and away messages, profile names, room descriptions,
 * messages): control characters (NUL, the ESC of terminal escapes, …) and the Unicode bidirectional
 * controls (the right-to-left override that turns {@code "gpj.exe"} around, embeddings, isolates, marks)
 * are removed before the text is stored or passed on. Joiners and other format characters stay: emoji
 * need them.
 */
public final class ShownText {
    private ShownText() {}

    /** A one-line text without control or bidi-control characters; null stays null. */
    public static String line(String text) {
        return clean(text, false);
    }

    /** A message: like {@link #line}, but its line breaks ({@code \n}) and tabs stay. */
    public static String message(String text) {
        return clean(text, true);
    }

    /** Whether {@code c} is a Unicode Bidi_Control character (UAX #9). */
    static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private static String clean(String text, boolean multiLine) {
        if (text == null || !hasControl(text)) {
            return text; // almost every text: nothing made
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = multiLine && (c == '\n' || c == '\t');
            if (keep || !(Character.isISOControl(c) || isBidiControl(c))) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c)) {
                return true;
            }
        }
        return false;
    }
}
