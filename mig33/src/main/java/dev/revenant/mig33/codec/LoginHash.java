package dev.revenant.mig33.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The password proofs a LOGIN_RESPONSE may carry (spec §4.4): Java's {@code String.hashCode} of
 * challenge + password, the same with the password lower-cased (what every known MIDlet sends), or the XOR of
 * SHA-1's five words (newer clients). Which are accepted from which client is the configuration's ({@code LoginProofPolicy}); the client library computes them too.
 */
public final class LoginHash {
    private LoginHash() {}

    public static int stringHash(String challenge, String password) {
        return (challenge + password).hashCode();
    }

    public static int sha1Fold(String challenge, String password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1")
                    .digest((challenge + password).getBytes(StandardCharsets.UTF_8));
            int folded = 0;
            for (int i = 0; i < 20; i += 4) {
                folded ^= ((d[i] & 0xFF) << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
            }
            return folded;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }

}
