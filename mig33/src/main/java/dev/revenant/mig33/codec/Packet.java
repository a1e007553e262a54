package dev.revenant.mig33.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One mig33 packet: its type, its transaction id and its fields in wire order (spec §1–§2). Field order
 * carries no meaning on input, but the server emits the seed's order, so a packet keeps the order its fields
 * were added or read in.
 */
public final class Packet {
    /** A field: id and raw value bytes; the packet type says how to read them. */
    public record Field(int id, byte[] value) {
        @Override
        public String toString() {
            return id + "=" + (value.length <= 16 ? Arrays.toString(value) : value.length + " bytes");
        }
    }

    private final int type;
    private final int txn;
    /**
     * The fields as they go on the wire after the header: per field its id (2 bytes), its length (4) and its
     * value, in order; the first {@link #contentLength} bytes are this packet's. One array, not a value per
     * field: every relayed message is a packet in and two out, and a list of fields, a small object and an
     * array per field were most of what the relay allocated; what it allocates sets how often the collector
     * stops the server. A packet built is already in its wire form, so writing it is one copy, and one written
     * to many connections (a room's line) is encoded once.
     */
    private final byte[] content;
    private final int contentLength;

    public Packet(int type, int txn, List<Field> fields) {
        this(type, txn, built(type, txn, fields));
    }

    private static Builder built(int type, int txn, List<Field> fields) {
        Builder b = new Builder(type, txn, 64);
        for (Field f : fields) {
            b.bytes(f.id(), f.value());
        }
        return b;
    }

    private Packet(int type, int txn, Builder b) {
        this(type, txn, b.content, b.length);
    }

    /**
     * Takes the first {@code contentLength} bytes of {@code content} as they are, with no copy: the caller never
     * changes them afterwards (a builder only ever writes past them).
     */
    private Packet(int type, int txn, byte[] content, int contentLength) {
        this.type = type;
        this.txn = txn;
        this.content = content;
        this.contentLength = contentLength;
    }

    /**
     * A packet of the content bytes read off the wire (taken, not copied), once their fields were checked to
     * lie whole within them.
     *
     * @throws FramingException when a field header is cut short or a field runs past the end
     */
    static Packet read(int type, int txn, byte[] content) {
        int at = 0;
        while (at < content.length) {
            if (content.length - at < 6) {
                throw new FramingException("truncated field header in packet " + type);
            }
            int id = u16(content, at);
            long valueLength = u32(content, at + 2);
            at += 6;
            if (valueLength > content.length - at) {
                throw new FramingException("field " + id + " overruns packet " + type);
            }
            at += (int) valueLength;
        }
        return new Packet(type, txn, content, content.length);
    }

    public static Builder of(int type, int txn) {
        return new Builder(type, txn, 64);
    }

    /**
     * A builder with room for {@code expectedContent} bytes of fields (a hint: it grows past it), for the packets
     * of the relay's path, so that no array is made twice.
     */
    public static Builder of(int type, int txn, int expectedContent) {
        return new Builder(type, txn, expectedContent);
    }

    public int type() {
        return type;
    }

    public int txn() {
        return txn;
    }

    /** The fields in wire order, made for the asker (the JSON form, descriptions): not on the relay's path. */
    public List<Field> fields() {
        List<Field> all = new ArrayList<>();
        for (int at = 0; at < contentLength; at = next(at)) {
            all.add(new Field(u16(content, at), Arrays.copyOfRange(content, at + 6, next(at))));
        }
        return Collections.unmodifiableList(all);
    }

    /** Where the field after the one at {@code at} begins. */
    private int next(int at) {
        return at + 6 + (int) u32(content, at + 2);
    }

    /** Writes the fields, as they go after the header. */
    void writeContent(ByteBuf out) {
        out.writeBytes(content, 0, contentLength);
    }

    /** Bytes after the 9-byte header. */
    public int contentLength() {
        return contentLength;
    }

    public boolean has(int id) {
        return find(id) >= 0;
    }

    /** Where the first field {@code id} begins, or -1. If a client repeats a field, the first one counts. */
    private int find(int id) {
        for (int at = 0; at < contentLength; at = next(at)) {
            if (u16(content, at) == id) {
                return at;
            }
        }
        return -1;
    }

    private int valueLength(int at) {
        return (int) u32(content, at + 2);
    }

    /** A copy of the value of field {@code id}, or null. If a client repeats a field, the first one counts. */
    public byte[] raw(int id) {
        int at = find(id);
        return at < 0 ? null : Arrays.copyOfRange(content, at + 6, next(at));
    }

    /** A string field (UTF-8), or null when absent. */
    public String string(int id) {
        int at = find(id);
        return at < 0 ? null : new String(content, at + 6, valueLength(at), StandardCharsets.UTF_8);
    }

    /** A string field, or {@code fallback} when absent. */
    public String string(int id, String fallback) {
        String s = string(id);
        return s == null ? fallback : s;
    }

    /**
     * A numeric field decoded by its length (1, 2, 4 or 8 bytes, big-endian; spec §2: old MIDlets send
     * widths that newer ones shrank). One byte reads unsigned, wider values signed.
     *
     * @throws MalformedFieldException when the length is none of those
     */
    public long number(int id, long fallback) {
        int at = find(id);
        if (at < 0) {
            return fallback;
        }
        int length = valueLength(at);
        int v = at + 6;
        switch (length) {
            case 1:
                return content[v] & 0xFF;
            case 2:
                return (short) u16(content, v);
            case 4:
                return (int) u32(content, v);
            case 8:
                return (u32(content, v) << 32) | u32(content, v + 4);
            default:
                throw new MalformedFieldException("field " + id + " of packet " + type
                        + " has " + length + " bytes; a number takes 1, 2, 4 or 8");
        }
    }

    public int integer(int id, int fallback) {
        return (int) number(id, fallback);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "Packet[type=" + type + ", txn=" + txn + ", fields=" + fields() + "]";
    }

    /** Builds a packet field by field, in the order the fields are added, straight into their wire form. */
    public static final class Builder {
        private final int type;
        private final int txn;
        private byte[] content;
        /**
         * Bytes written so far. A packet built takes the array with the length of that moment; a builder only ever
         * writes past it, so what it adds later is not in any packet built before.
         */
        private int length;

        private Builder(int type, int txn, int expectedContent) {
            this.type = type;
            this.txn = txn;
            this.content = new byte[Math.max(expectedContent, 16)];
        }

        /** Room for a field's header and value, with the header written; returns where the value goes. */
        private int field(int id, int valueLength) {
            int needed = length + 6 + valueLength;
            if (needed > content.length) {
                content = Arrays.copyOf(content, Math.max(needed, content.length * 2));
            }
            byte[] b = content;
            int at = length;
            b[at] = (byte) (id >> 8);
            b[at + 1] = (byte) id;
            b[at + 2] = (byte) (valueLength >>> 24);
            b[at + 3] = (byte) (valueLength >> 16);
            b[at + 4] = (byte) (valueLength >> 8);
            b[at + 5] = (byte) valueLength;
            length = needed;
            return at + 6;
        }

        public Builder bytes(int id, byte[] value) {
            int at = field(id, value.length); // before reading content: making room may replace the array
            System.arraycopy(value, 0, content, at, value.length);
            return this;
        }

        /** A string in UTF-8; one of ASCII only (most are) is written char by char, with no array made for it. */
        public Builder string(int id, String value) {
            int n = value.length();
            for (int i = 0; i < n; i++) {
                if (value.charAt(i) >= 0x80) {
                    return bytes(id, value.getBytes(StandardCharsets.UTF_8));
                }
            }
            int at = field(id, n);
            byte[] b = content;
            for (int i = 0; i < n; i++) {
                b[at + i] = (byte) value.charAt(i);
            }
            return this;
        }

        /** Adds the string field only when the value is present and not empty. */
        public Builder optionalString(int id, String value) {
            return value == null || value.isEmpty() ? this : string(id, value);
        }

        public Builder int8(int id, int value) {
            int at = field(id, 1);
            content[at] = (byte) value;
            return this;
        }

        public Builder bool(int id, boolean value) {
            return int8(id, value ? 1 : 0);
        }

        public Builder int16(int id, int value) {
            int at = field(id, 2);
            content[at] = (byte) (value >> 8);
            content[at + 1] = (byte) value;
            return this;
        }

        public Builder int32(int id, int value) {
            int at = field(id, 4);
            for (int i = 3; i >= 0; i--) {
                content[at + i] = (byte) value;
                value >>= 8;
            }
            return this;
        }

        public Builder int64(int id, long value) {
            int at = field(id, 8);
            for (int i = 7; i >= 0; i--) {
                content[at + i] = (byte) value;
                value >>= 8;
            }
            return this;
        }

        public Packet build() {
            return new Packet(type, txn, this);
        }
    }
}
