package dev.revenant.pangya.crypto;

/**
 * The client-to-server frame (spec §2.4): salt, u16 payload length + 1, 0, check byte, obfuscated payload.
 * Client frames are never compressed.
 */
public final class ClientFrameCipher {
    /** Bytes before the payload. */
    public static final int HEADER = 5;

    private final KeyTables tables;

    public ClientFrameCipher(KeyTables tables) {
        this.tables = tables;
    }

    /** The whole frame length announced by the first three bytes of a frame. */
    public static int frameLength(int lengthField) {
        return 4 + lengthField;
    }

    /** Builds an encrypted frame, as a client does. */
    public byte[] encrypt(int key, int salt, byte[] payload) {
        int lengthField = payload.length + 1;
        if (lengthField > 0xFFFF) {
            throw new IllegalArgumentException("payload too long for a frame: " + payload.length);
        }
        byte[] b = new byte[HEADER + payload.length];
        b[0] = (byte) salt;
        b[1] = (byte) lengthField;
        b[2] = (byte) (lengthField >>> 8);
        b[3] = 0;
        b[4] = (byte) tables.t1(key, salt);
        System.arraycopy(payload, 0, b, HEADER, payload.length);
        for (int i = b.length - 1; i >= 8; i--) {
            b[i] ^= b[i - 4];
        }
        b[4] ^= (byte) tables.t0(key, salt);
        return b;
    }

    /**
     * Decrypts a whole frame and returns its payload.
     *
     * @throws FrameRejectedException when the check byte does not match: a wrong key or garbage
     */
    public byte[] decrypt(int key, byte[] frame) {
        if (frame.length < HEADER) {
            throw new FrameRejectedException("client frame shorter than its header: " + frame.length);
        }
        int salt = frame[0] & 0xFF;
        int t1 = tables.t1(key, salt);
        if (((frame[4] & 0xFF) ^ tables.t0(key, salt)) != t1) {
            throw new FrameRejectedException("client frame check byte mismatch");
        }
        byte[] b = frame.clone();
        b[4] = (byte) t1;
        for (int i = 8; i < b.length; i++) {
            b[i] ^= b[i - 4];
        }
        byte[] payload = new byte[b.length - HEADER];
        System.arraycopy(b, HEADER, payload, 0, payload.length);
        return payload;
    }
}
