package dev.revenant.pangya.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** How a client version sends the password in Login 0x0001. */
public enum PasswordForm {
    /** The password as typed (TH 829). */
    PLAINTEXT,
    /** Upper-case hex MD5 of the password, 32 characters (US 852). */
    MD5_HEX;

    /**
     * The form the store keeps a hash of: upper-case hex MD5 of the password, which is what US clients send,
     * so that both forms verify against one stored hash.
     *
     * @return empty when the client sent something that cannot be a password in this form
     */
    public Optional<String> toMd5Hex(String sent) {
        if (this == PLAINTEXT) {
            return Optional.of(md5Hex(sent));
        }
        if (sent.length() != 32 || !sent.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(sent.toUpperCase(Locale.ROOT));
    }

    /** What the client puts on the wire for a typed password. */
    public String onTheWire(String password) {
        return this == PLAINTEXT ? password : md5Hex(password);
    }

    /** Upper-case hex MD5 of the password's UTF-8 bytes (ASCII passwords, which the clients allow, are the same in every code page). */
    public static String md5Hex(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
