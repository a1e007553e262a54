package dev.revenant.app.http;

import dev.revenant.core.secret.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token that admin routes require, kept in a file only its owner can read. The file is
 * created with a random token on first start; an operator reads it there (or replaces it) to call the API.
 */
public final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] token;
    private final Path file;

    private AdminToken(String token, Path file) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.file = file;
    }

    /** The token in {@code file}, creating the file (and its directory) with a new token if there is none. */
    public static AdminToken loadOrCreate(Path file) {
        try {
            if (Files.notExists(file)) {
                create(file);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("admin token file " + file + " is empty; delete it to get a new token");
            }
            warnIfOthersCanRead(file);
            return new AdminToken(token, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try {
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                // created owner-only, so the token is never readable by others, not even for a moment
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException anotherProcessWasFirst) {
            return;
        }
        Files.writeString(file, Tokens.hex(32) + "\n", StandardCharsets.UTF_8);
        log.info("admin token created file={}", file);
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            log.warn("admin token file is readable by others file={} permissions={}",
                    file, PosixFilePermissions.toString(perms));
        }
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "AdminToken[file=" + file + "]";
    }
}
