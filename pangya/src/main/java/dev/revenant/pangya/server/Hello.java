package dev.revenant.pangya.server;

/**
 * The plaintext hello the server sends right after accept (spec §2.2): a raw frame with salt 0, length 11,
 * packet id 0, the connection's key (0..15) and the server id.
 */
public final class Hello {
    public static final int SIZE = 14;

    private Hello() {}

    public static byte[] encode(int key, long serverId) {
        return new byte[] {
            0, 0x0b, 0, 0, 0, 0,
            (byte) key, 0, 0, 0,
            (byte) serverId, (byte) (serverId >>> 8), (byte) (serverId >>> 16), (byte) (serverId >>> 24)};
    }
}
