package dev.revenant.app.midlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JAD descriptor as its lines: attributes can be read, set or removed, and every line not changed is
 * written back byte for byte, in its place, with the file's own line ending.
 */
final class Jad {
    /** One line: its attribute name and value (null for a line that is not {@code Name: value}) and its bytes. */
    private record Line(String name, String value, byte[] raw) {}

    private final List<Line> lines = new ArrayList<>();
    private final byte[] newline;
    private final boolean endsWithNewline;

    private Jad(byte[] bytes) {
        int lf = indexOf(bytes, (byte) '\n');
        newline = lf > 0 && bytes[lf - 1] == '\r' ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (i < bytes.length || end > start) {
                    lines.add(line(Arrays.copyOfRange(bytes, start, end)));
                }
                start = i + 1;
            }
        }
        endsWithNewline = bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    /** Reads a JAD (UTF-8, as MIDP 2.0 says). */
    static Jad parse(byte[] bytes) {
        return new Jad(bytes);
    }

    private static Line line(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0 || Character.isWhitespace(text.charAt(0))) {
            return new Line(null, null, raw);
        }
        return new Line(text.substring(0, colon).strip(), text.substring(colon + 1).strip(), raw);
    }

    /** The value of an attribute (names are case-sensitive in MIDP), or null. */
    String value(String name) {
        for (Line l : lines) {
            if (name.equals(l.name())) {
                return l.value();
            }
        }
        return null;
    }

    /** The attribute names in file order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Line l : lines) {
            if (l.name() != null) {
                names.add(l.name());
            }
        }
        return names;
    }

    /** Gives an attribute a new value in its place (appended when missing). */
    void set(String name, String value) {
        byte[] raw = (name + ": " + value).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (name.equals(lines.get(i).name())) {
                if (!value.equals(lines.get(i).value())) {
                    lines.set(i, new Line(name, value, raw));
                }
                return;
            }
        }
        lines.add(new Line(name, value, raw));
    }

    /** Removes an attribute; true when it was there. */
    boolean remove(String name) {
        return lines.removeIf(l -> name.equals(l.name()));
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            out.writeBytes(lines.get(i).raw());
            if (i < lines.size() - 1 || endsWithNewline) {
                out.writeBytes(newline);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
