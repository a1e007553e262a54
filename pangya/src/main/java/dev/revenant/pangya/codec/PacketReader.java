package dev.revenant.pangya.codec;

import java.nio.charset.Charset;

/** Reads little-endian fields, pstrings and strz from one decrypted payload; running short is malformed. */
public final class PacketReader {
    private final byte[] data;
    private final Charset charset;
    private int pos;

    public PacketReader(byte[] data, Charset charset) {
        this.data = data;
        this.charset = charset;
    }

    private void need(int n) {
        if (n < 0 || data.length - pos < n) {
            throw new MalformedPacketException("packet ends at " + data.length + ", needed " + n + " more at " + pos);
        }
    }

    public int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public long u32() {
        need(4);
        long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16
                | (data[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    /** u16 byte length, then the bytes, in the profile's code page. */
    public String pstring() {
        int length = u16();
        need(length);
        String s = new String(data, pos, length, charset);
        pos += length;
        return s;
    }

    /** Fixed {@code size} bytes, read up to the first NUL (real captures have junk after it). */
    public String strz(int size) {
        need(size);
        int end = pos;
        while (end < pos + size && data[end] != 0) {
            end++;
        }
        String s = new String(data, pos, end - pos, charset);
        pos += size;
        return s;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public int remaining() {
        return data.length - pos;
    }

    /** For packets whose layout is complete: trailing bytes mean it is not what it claims to be. */
    public void end() {
        if (remaining() != 0) {
            throw new MalformedPacketException(remaining() + " unexpected trailing bytes");
        }
    }
}
