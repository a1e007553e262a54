package dev.revenant.pangya.crypto;

/**
 * The server-to-client frame (spec §2.5): salt, u16 frame length - 3, check byte, the uncompressed length in
 * base-255 digits, then the LZO1X-compressed payload, obfuscated. Compression is the caller's business
 * ({@link Lzo}); this class only lays out and obfuscates, so that a byte-exact test can feed recorded bytes.
 */
public final class ServerFrameCipher {
    /** Bytes before the compressed payload. */
    public static final int HEADER = 8;

    private final KeyTables tables;

    public ServerFrameCipher(KeyTables tables) {
        this.tables = tables;
    }

    /** A decrypted server frame: its salt, the announced uncompressed length and the compressed bytes. */
    public record Opened(int salt, int uncompressedLength, byte[] compressed) {}

    /** The whole frame length announced by the first three bytes of a frame. */
    public static int frameLength(int lengthField) {
        return 3 + lengthField;
    }

    public byte[] encrypt(int key, int salt, byte[] compressed, int uncompressedLength) {
        int lengthField = HEADER + compressed.length - 3;
        if (lengthField > 0xFFFF) {
            throw new IllegalArgumentException("server frame too long: " + compressed.length);
        }
        // the length travels as base-255 digits; a wrong one can crash the client
        if (uncompressedLength < 0 || uncompressedLength >= 255 * 255 * 255) {
            throw new IllegalArgumentException("uncompressed length out of range: " + uncompressedLength);
        }
        int t0 = tables.t0(key, salt);
        int t1 = tables.t1(key, salt);
        byte[] b = new byte[HEADER + compressed.length];
        b[0] = (byte) salt;
        b[1] = (byte) lengthField;
        b[2] = (byte) (lengthField >>> 8);
        b[3] = (byte) (t0 ^ t1);
        b[4] = 0;
        b[5] = (byte) (uncompressedLength / 255 / 255 % 255);
        b[6] = (byte) (uncompressedLength / 255 % 255);
        b[7] = (byte) (uncompressedLength % 255);
        System.arraycopy(compressed, 0, b, HEADER, compressed.length);
        for (int i = b.length - 1; i >= 10; i--) {
            b[i] ^= b[i - 4];
        }
        b[7] ^= (byte) t1;
        return b;
    }

    /** Decrypts a whole frame, as a client does. */
    public Opened decrypt(int key, byte[] frame) {
        if (frame.length < HEADER) {
            throw new FrameRejectedException("server frame shorter than its header: " + frame.length);
        }
        int salt = frame[0] & 0xFF;
        int t0 = tables.t0(key, salt);
        int t1 = tables.t1(key, salt);
        if ((frame[3] & 0xFF) != (t0 ^ t1)) {
            throw new FrameRejectedException("server frame check byte mismatch");
        }
        byte[] b = frame.clone();
        b[7] ^= (byte) t1;
        for (int i = 10; i < b.length; i++) {
            b[i] ^= b[i - 4];
        }
        int length = (b[5] & 0xFF) * 255 * 255 + (b[6] & 0xFF) * 255 + (b[7] & 0xFF);
        byte[] compressed = new byte[b.length - HEADER];
        System.arraycopy(b, HEADER, compressed, 0, compressed.length);
        return new Opened(salt, length, compressed);
    }
}
