package dev.revenant.core.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that the server must be able to read back (mig33 passwords: its login hash needs the
 * clear password) with AES-256-GCM under a key kept in a file that only its owner can read. The file is
 * made on first use; losing it makes the stored secrets unreadable, so operators back it up with the data.
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    /** Sealed with associated data (the owner the value belongs to): it opens only for that owner. */
    private static final String BOUND = "v2:";
    private static final int NONCE = 12;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Opens the key file, creating it (owner-only) with a fresh random key if it does not exist. */
    public static SecretBox open(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                Tokens.nextBytes(fresh);
                writeOwnerOnly(keyFile, Base64.getEncoder().encodeToString(fresh));
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).trim());
            if (key.length != 32) {
                throw new IllegalStateException("secret key file " + keyFile + " does not hold a 256-bit key");
            }
            return new SecretBox(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create secret key file " + keyFile, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            if (supportsPosix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return; // another process made it first: use theirs
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static boolean supportsPosix(Path file) {
        return file.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * A mark of this key that says nothing of it (HMAC-SHA256 of a fixed text under the key, in hex): servers
     * that share a store compare marks to learn whether they hold the same key.
     */
    public String fingerprint() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal("revenant secret.key fingerprint".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    /** Seals {@code clear} with no associated data (a value that belongs to no one in particular). */
    public String seal(String clear) {
        return PREFIX + encrypt(clear, null);
    }

    /**
     * Seals {@code clear} bound to {@code owner} (authenticated as associated data, e.g. "mig33:user:alice"):
     * the sealed value opens only with the same owner, so it cannot be moved to someone else's row.
     */
    public String seal(String clear, String owner) {
        return BOUND + encrypt(clear, owner.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens a value sealed with no associated data. */
    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        return decrypt(sealed.substring(PREFIX.length()), null);
    }

    /** Opens a value sealed for {@code owner}; a value sealed for another owner, or unbound, does not open. */
    public String open(String sealed, String owner) {
        if (!isBound(sealed)) {
            throw new IllegalArgumentException("not a secret sealed for an owner");
        }
        return decrypt(sealed.substring(BOUND.length()), owner.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code sealed} was sealed for an owner ({@link #seal(String, String)}). */
    public static boolean isBound(String sealed) {
        return sealed.startsWith(BOUND);
    }

    private String encrypt(String clear, byte[] associated) {
        try {
            byte[] nonce = new byte[NONCE];
            Tokens.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            if (associated != null) {
                cipher.updateAAD(associated);
            }
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private String decrypt(String base64, byte[] associated) {
        try {
            byte[] in = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE));
            if (associated != null) {
                cipher.updateAAD(associated);
            }
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret does not open with this server's key file"
                    + (associated == null ? "" : " for its owner"), e);
        }
    }
}
