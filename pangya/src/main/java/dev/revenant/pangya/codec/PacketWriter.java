package dev.revenant.pangya.codec;

import java.nio.charset.Charset;
import java.util.Arrays;

/** Writes little-endian fields, pstrings and strz into one payload. */
public final class PacketWriter {
    private final Charset charset;
    private byte[] buf = new byte[64];
    private int size;

    public PacketWriter(Charset charset) {
        this.charset = charset;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    public PacketWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public PacketWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public PacketWriter u32(long v) {
        ensure(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
        return this;
    }

    public PacketWriter pstring(String s) {
        byte[] b = s.getBytes(charset);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("pstring longer than 65535 bytes");
        }
        u16(b.length);
        return bytes(b);
    }

    /**
     * Fixed {@code size} bytes, NUL-padded. Text that does not fit is cut, keeping one NUL so that the
     * client finds the end.
     */
    public PacketWriter strz(String s, int size) {
        byte[] b = s.getBytes(charset);
        int n = Math.min(b.length, size - 1);
        ensure(size);
        System.arraycopy(b, 0, buf, this.size, n);
        Arrays.fill(buf, this.size + n, this.size + size, (byte) 0);
        this.size += size;
        return this;
    }

    public PacketWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public PacketWriter zeros(int n) {
        return bytes(new byte[n]);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
