package dev.revenant.mig33.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One readable line for a decoded packet, with the names and types of spec §9, e.g.
 * {@code LOGIN_OK (203) txn=2 {1 MobilePhone="", 2 MobileVerified=1, 20 ContactListVersion=7}}.
 */
public final class PacketDescription {
    /** Longer strings are cut in the line (the structured value keeps them whole). */
    static final int MAX_TEXT = 160;
    /** How many leading bytes a bytes value shows. */
    static final int MAX_HEX = 16;

    private PacketDescription() {}

    /** How a field's value was read: a number, a string, a list of either, or raw bytes. */
    public enum Shape { NUMBER, STRING, STRINGS, NUMBERS, BYTES }

    /**
     * One field as read: id, §9 name and type (both null for a field §9 does not list), how it was read,
     * the value (a {@code Long}, {@code String}, {@code List<String>}, {@code List<Long>}, or for bytes the
     * whole value in hex) and the text the line shows.
     */
    public record FieldValue(int id, String name, String type, Shape shape, Object value, String text) {}

    /** The §9 name of a packet type, or "UNKNOWN" when §9 does not list it. */
    public static String name(int type) {
        PacketCatalogue.Entry e = PacketCatalogue.entry(type);
        return e == null ? "UNKNOWN" : e.name();
    }

    /** The packet as one line: name (type) txn=N {id Name=value, ...}, fields in wire order. */
    public static String describe(Packet p) {
        StringBuilder sb = new StringBuilder();
        sb.append(name(p.type())).append(" (").append(p.type()).append(") txn=").append(p.txn()).append(" {");
        List<FieldValue> fields = fields(p);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields.get(i).text());
        }
        return sb.append('}').toString();
    }

    /** Every field of the packet, in wire order, read as §9 types it. */
    public static List<FieldValue> fields(Packet p) {
        PacketCatalogue.Entry entry = PacketCatalogue.entry(p.type());
        List<FieldValue> out = new ArrayList<>(p.fields().size());
        for (Packet.Field f : p.fields()) {
            PacketCatalogue.FieldSpec spec = entry == null ? null : entry.field(f.id());
            out.add(spec == null ? unlisted(f) : read(spec, f.value()));
        }
        return out;
    }

    private static FieldValue read(PacketCatalogue.FieldSpec spec, byte[] v) {
        String label = spec.id() + " " + spec.name() + "=";
        String type = spec.type();
        if (type.contains("[](NUL-sep)")) {
            // "string/string[](NUL-sep)": one string is a list of one, so the split reads both forms
            String s = utf8(v);
            if (s != null) {
                List<String> items = List.of(s.split("\0", -1));
                return new FieldValue(spec.id(), spec.name(), type, Shape.STRINGS, items, label + quoteAll(items));
            }
        } else if (type.startsWith("int64[]")) {
            if (v.length % 8 == 0) {
                List<Long> items = new ArrayList<>();
                for (int i = 0; i < v.length; i += 8) {
                    items.add(number(v, i, 8));
                }
                return new FieldValue(spec.id(), spec.name(), type, Shape.NUMBERS, items, label + items);
            }
        } else if (type.startsWith("int16/string")) {
            // a destination is a number in some client generations and a name in others
            if (!isText(v) && isNumberWidth(v.length)) {
                return number(spec.id(), spec.name(), type, label, v);
            }
            String s = utf8(v);
            if (s != null) {
                return string(spec.id(), spec.name(), type, label, s);
            }
        } else if (type.startsWith("int") || type.startsWith("bool")) {
            if (isNumberWidth(v.length)) {
                return number(spec.id(), spec.name(), type, label, v);
            }
            return bytes(spec.id(), spec.name(), type, label, v, " (not a number: " + v.length + " bytes)");
        } else if (type.startsWith("bytes/string")) {
            if (isText(v)) {
                return string(spec.id(), spec.name(), type, label, utf8(v));
            }
            return bytes(spec.id(), spec.name(), type, label, v, "");
        } else if (type.startsWith("string")) {
            String s = utf8(v);
            if (s != null) {
                return string(spec.id(), spec.name(), type, label, s);
            }
        } else {
            return bytes(spec.id(), spec.name(), type, label, v, "");
        }
        return bytes(spec.id(), spec.name(), type, label, v, " (not " + type + ")");
    }

    /** A field §9 does not list for this type: text when it reads as text, else bytes. */
    private static FieldValue unlisted(Packet.Field f) {
        String label = f.id() + "=";
        if (isText(f.value())) {
            return string(f.id(), null, null, label, utf8(f.value()));
        }
        return bytes(f.id(), null, null, label, f.value(), "");
    }

    private static FieldValue number(int id, String name, String type, String label, byte[] v) {
        long n = number(v, 0, v.length);
        return new FieldValue(id, name, type, Shape.NUMBER, n, label + n);
    }

    private static FieldValue string(int id, String name, String type, String label, String s) {
        return new FieldValue(id, name, type, Shape.STRING, s, label + quote(s));
    }

    private static FieldValue bytes(int id, String name, String type, String label, byte[] v, String note) {
        StringBuilder sb = new StringBuilder(label).append('<').append(v.length).append(v.length == 1 ? " byte" : " bytes");
        if (v.length > 0) {
            sb.append(':');
            for (int i = 0; i < Math.min(v.length, MAX_HEX); i++) {
                sb.append(' ').append(hexByte(v[i]));
            }
            if (v.length > MAX_HEX) {
                sb.append(" …");
            }
        }
        sb.append('>').append(note);
        return new FieldValue(id, name, type, Shape.BYTES, hex(v), sb.toString());
    }

    /** Spec §2: 1, 2, 4 or 8 bytes big-endian; one byte reads unsigned, wider ones signed (as {@link Packet#number}). */
    static boolean isNumberWidth(int length) {
        return length == 1 || length == 2 || length == 4 || length == 8;
    }

    private static long number(byte[] v, int from, int length) {
        if (length == 1) {
            return v[from] & 0xFF;
        }
        long n = v[from]; // sign of the first byte
        for (int i = from + 1; i < from + length; i++) {
            n = (n << 8) | (v[i] & 0xFF);
        }
        return n;
    }

    /** Strict UTF-8, or null when the bytes are not UTF-8. */
    private static String utf8(byte[] v) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Non-empty UTF-8 without control characters other than tab and line breaks. */
    private static boolean isText(byte[] v) {
        String s = v.length == 0 ? null : utf8(v);
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String quoteAll(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(quote(items.get(i)));
        }
        return sb.append(']').toString();
    }

    /** The string in double quotes, Java-escaped, cut after {@link #MAX_TEXT} characters. */
    static String quote(String s) {
        int end = s.length();
        if (end > MAX_TEXT) {
            end = Character.isHighSurrogate(s.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        }
        StringBuilder sb = new StringBuilder(end + 2).append('"');
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        if (end < s.length()) {
            sb.append("…(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    static String hex(byte[] v) {
        StringBuilder sb = new StringBuilder(v.length * 2);
        for (byte b : v) {
            sb.append(hexByte(b));
        }
        return sb.toString();
    }

    private static String hexByte(byte b) {
        return Character.toString(Character.forDigit((b >> 4) & 0xF, 16)) + Character.forDigit(b & 0xF, 16);
    }
}
