package dev.revenant.mig33.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
     * The fields in wire order, side by side: their ids and their values; never changed after construction.
     * Arrays, not a list of {@link Field}s: every message is a packet in and two out, and the list (its copy,
     * its wrapper, an iterator at each read) and a small object per field were a third of what the relay
     * allocated, and what the allocation costs is how often the collector stops the server.
     */
    private final int[] ids;
    private final byte[][] values;
    /** How many of {@link #ids} and {@link #values} are this packet's (a builder's arrays are taken as they are). */
    private final int count;
    /** Worked out once: the encoder asks three times per packet (buffer size, capacity check, header). */
    private final int contentLength;

    public Packet(int type, int txn, List<Field> fields) {
        this(type, txn, ids(fields), values(fields), fields.size());
    }

    private static int[] ids(List<Field> fields) {
        int[] ids = new int[fields.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = fields.get(i).id();
        }
        return ids;
    }

    private static byte[][] values(List<Field> fields) {
        byte[][] values = new byte[fields.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = Objects.requireNonNull(fields.get(i).value());
        }
        return values;
    }

    /**
     * Takes the first {@code count} of {@code ids} and {@code values} as they are, with no copy: the caller
     * never changes them afterwards.
     */
    private Packet(int type, int txn, int[] ids, byte[][] values, int count) {
        this.type = type;
        this.txn = txn;
        this.ids = ids;
        this.values = values;
        this.count = count;
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += 6 + values[i].length;
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

    /** The fields in wire order, made for the asker (the JSON form, descriptions): not on the relay's path. */
    public List<Field> fields() {
        List<Field> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(new Field(ids[i], values[i]));
        }
        return Collections.unmodifiableList(all);
    }

    /** How many fields; the id and the value of the {@code i}th in wire order (the codec's loop, nothing made). */
    int fieldCount() {
        return count;
    }

    int fieldId(int i) {
        return ids[i];
    }

    byte[] fieldValue(int i) {
        return values[i];
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
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return values[i];
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
        return "Packet[type=" + type + ", txn=" + txn + ", fields=" + fields() + "]";
    }

    /** Builds a packet field by field, in the order the fields are added. */
    public static final class Builder {
        private final int type;
        private final int txn;
        private int[] ids = new int[8];
        private byte[][] values = new byte[8][];
        /**
         * Fields so far. A packet built takes the arrays with the count of that moment; a builder only ever adds
         * past it, so what it adds later is not in any packet built before.
         */
        private int count;

        private Builder(int type, int txn) {
            this.type = type;
            this.txn = txn;
        }

        public Builder bytes(int id, byte[] value) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            ids[count] = id;
            values[count] = Objects.requireNonNull(value);
            count++;
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
            return new Packet(type, txn, ids, values, count);
        }
    }
}
