package dev.revenant.core.secret;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable random strings: session ids, challenges, login keys, URL tokens. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Tokens() {}

    /** {@code bytes} random bytes as lower-case hex. */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code length} random letters and digits. */
    public static String alphanumeric(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    public static int nextInt(int bound) {
        return RANDOM.nextInt(bound);
    }

    public static void nextBytes(byte[] into) {
        RANDOM.nextBytes(into);
    }
}
