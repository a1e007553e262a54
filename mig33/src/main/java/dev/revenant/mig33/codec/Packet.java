package dev.revenant.mig33.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One mig33 packet: its type, its transaction id and its fields in wire order (spec §1–§2). Field order
 * carries no meaning on input, but the server emits the seed's order, so the list keeps it.
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
     * In wire order; never changed after construction. An array, not a list: every message is a packet in
     * and two out, and a list (with its copy, its wrapper and an iterator at each read) was a quarter of
     * what the relay allocated.
     */
    private final Field[] fields;
    /** Worked out once: the encoder asks three times per packet (buffer size, capacity check, header). */
    private final int contentLength;

    public Packet(int type, int txn, List<Field> fields) {
        this(type, txn, fields.toArray(new Field[0]));
    }

    /** Takes {@code fields} as they are: the caller hands them over and keeps no reference. */
    private Packet(int type, int txn, Field[] fields) {
        this.type = type;
        this.txn = txn;
        this.fields = fields;
        int n = 0;
        for (Field f : fields) {
            n += 6 + f.value().length;
        }
        this.contentLength = n;
    }

    public static Builder of(int type, int txn) {
        return new Builder(type, txn);
    }

    public int type() {
        return type;
    }

    public int txn() {
        return txn;
    }

    /** The fields in wire order, unmodifiable. */
    public List<Field> fields() {
        return Collections.unmodifiableList(Arrays.asList(fields));
    }

    /** How many fields; the {@code i}th in wire order (the codec's loop, with no list made). */
    int fieldCount() {
        return fields.length;
    }

    Field field(int i) {
        return fields[i];
    }

    /** Bytes after the 9-byte header. */
    public int contentLength() {
        return contentLength;
    }

    public boolean has(int id) {
        return raw(id) != null;
    }

    /** The value of field {@code id}, or null. If a client repeats a field, the first one counts. */
    public byte[] raw(int id) {
        for (Field f : fields) {
            if (f.id() == id) {
                return f.value();
            }
        }
        return null;
    }

    /** A string field (UTF-8), or null when absent. */
    public String string(int id) {
        byte[] v = raw(id);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
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
        byte[] v = raw(id);
        if (v == null) {
            return fallback;
        }
        switch (v.length) {
            case 1:
                return v[0] & 0xFF;
            case 2:
                return (short) (((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
            case 4:
                return ((v[0] & 0xFF) << 24) | ((v[1] & 0xFF) << 16) | ((v[2] & 0xFF) << 8) | (v[3] & 0xFF);
            case 8:
                long n = 0;
                for (byte b : v) {
                    n = (n << 8) | (b & 0xFF);
                }
                return n;
            default:
                throw new MalformedFieldException("field " + id + " of packet " + type
                        + " has " + v.length + " bytes; a number takes 1, 2, 4 or 8");
        }
    }

    public int integer(int id, int fallback) {
        return (int) number(id, fallback);
    }

    // a room line goes to many connections; its wire bytes are made once, not once per recipient
    private volatile byte[] wire;

    /** This packet with its wire form made now and kept, for a packet written to many connections. */
    public Packet encodedOnce() {
        if (wire == null) {
            byte[] bytes = new byte[PacketCodec.HEADER + contentLength()];
            ByteBuf buf = Unpooled.wrappedBuffer(bytes).writerIndex(0);
            PacketCodec.write(this, buf);
            wire = bytes;
        }
        return this;
    }

    /** The kept wire form (header and fields), or null when the packet was not {@link #encodedOnce()}. */
    byte[] wire() {
        return wire;
    }

    @Override
    public String toString() {
        return "Packet[type=" + type + ", txn=" + txn + ", fields=" + Arrays.toString(fields) + "]";
    }

    /** Builds a packet field by field, in the order the fields are added. */
    public static final class Builder {
        private final int type;
        private final int txn;
        private final List<Field> fields = new ArrayList<>();

        private Builder(int type, int txn) {
            this.type = type;
            this.txn = txn;
        }

        public Builder bytes(int id, byte[] value) {
            fields.add(new Field(id, value));
            return this;
        }

        public Builder string(int id, String value) {
            return bytes(id, value.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds the string field only when the value is present and not empty. */
        public Builder optionalString(int id, String value) {
            return value == null || value.isEmpty() ? this : string(id, value);
        }

        public Builder int8(int id, int value) {
            return bytes(id, new byte[] {(byte) value});
        }

        public Builder bool(int id, boolean value) {
            return int8(id, value ? 1 : 0);
        }

        public Builder int16(int id, int value) {
            return bytes(id, new byte[] {(byte) (value >> 8), (byte) value});
        }

        public Builder int32(int id, int value) {
            return bytes(id, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
        }

        public Builder int64(int id, long value) {
            byte[] b = new byte[8];
            for (int i = 7; i >= 0; i--) {
                b[i] = (byte) value;
                value >>= 8;
            }
            return bytes(id, b);
        }

        public Packet build() {
            return new Packet(type, txn, fields.toArray(new Field[0]));
        }
    }
}
