package dev.revenant.core.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, {@code secret.key} (which opens every mig33 password) and
 * {@code admin.token}: nobody but its owner may read anything in it. Whichever command touches it first
 * creates it {@code rwx------}; one made by an older version, or by hand, is tightened (directories to
 * owner-only, files lose every group and other bit) and the log says so once.
 */
public final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {}

    /** Whether this file system has POSIX permissions at all (not on Windows: there the ACLs of the parent apply). */
    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** An attribute that creates a file owner-only, or none where the file system has no POSIX permissions. */
    public static FileAttribute<?>[] ownerOnlyFile(Path path) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    }

    /** The same for a directory ({@code rwx------}). */
    public static FileAttribute<?>[] ownerOnlyDirectory(Path path) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)} : new FileAttribute<?>[0];
    }

    /**
     * Creates {@code dir} owner-only if it is missing (its parents are ordinary directories), or tightens it
     * and everything in it. Symbolic links inside are left alone: what they point to is not the data
     * directory's. A directory that cannot be made owner-only stops the command; a file inside that cannot
     * (one owned by another user, say) is logged.
     */
    public static Path prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            if (Files.notExists(absolute)) {
                Path parent = absolute.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    // created with its final permissions: never readable by others, not even for a moment
                    Files.createDirectory(absolute, ownerOnlyDirectory(absolute));
                } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                    // theirs is tightened below like any existing one
                }
            }
            if (!Files.isDirectory(absolute)) {
                throw new IllegalStateException("the data directory " + absolute + " is not a directory");
            }
            if (posix(absolute)) {
                tighten(absolute.toRealPath());
            }
            return absolute;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the data directory " + absolute + ": " + e.getMessage(), e);
        }
    }

    private static void tighten(Path root) throws IOException {
        int changed = 0;
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        }
        for (Path entry : entries) {
            if (Files.isSymbolicLink(entry)) {
                continue;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().noneMatch(OTHERS::contains)) {
                continue;
            }
            Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
            perms.stream().filter(p -> !OTHERS.contains(p)).forEach(owner::add);
            try {
                Files.setPosixFilePermissions(entry, owner);
                changed++;
            } catch (IOException e) {
                if (entry.equals(root)) {
                    throw new IllegalStateException("the data directory " + root + " is " + PosixFilePermissions.toString(perms)
                            + " and cannot be made owner-only: " + e.getMessage(), e);
                }
                log.warn("event=data_file_not_owner_only file={} permissions={} reason=\"{}\"", entry,
                        PosixFilePermissions.toString(perms), e.getMessage());
            }
        }
        if (changed > 0) {
            log.info("event=data_dir_tightened dir={} entries={} reason=\"others could read it; now owner-only\"", root, changed);
        }
    }
}
