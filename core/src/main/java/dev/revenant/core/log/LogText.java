package dev.revenant.core.log;

/**
 * Client text made safe for a log line: a client controls usernames, reports and messages, and a newline
 * or an escape sequence in them must not forge a log line or recolour a terminal.
 */
public final class LogText {
    private LogText() {}

    /**
     * Escapes backslash, double quote and every control character (C0, DEL, C1) as {@code \n}, {@code \\u001b}, …,
     * and the characters that make a line read other than it is: the line and paragraph separators (some
     * viewers break lines there) and the bidirectional controls (a right-to-left override reverses what follows).
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                case '"' -> "\\\"";
                default -> c < 0x20 || (c >= 0x7f && c < 0xa0) || hidesText(c) ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean hidesText(char c) {
        return c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
