package dev.revenant.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's files on disk, but every file it creates (database, lock, trace, temporary files) is created
 * {@code rw-------} and every directory {@code rwx------}. H2 creates files with the process umask
 * (usually 0644), and Java cannot change the umask; so the file system H2 writes through creates each
 * file itself, with its permissions, before H2 opens it. URLs name it {@code jdbc:h2:ownerOnly:/path}.
 * Public with a public constructor only because H2 makes one instance per path by reflection.
 */
public final class OwnerOnlyFiles extends FilePathWrapper {
    static final String SCHEME = "ownerOnly";

    static {
        FilePath.register(new OwnerOnlyFiles());
    }

    public OwnerOnlyFiles() {
        // H2 creates an instance for each path it wraps
    }

    /** Makes sure H2 knows the scheme before the first URL that names it is opened. */
    static String prefix() {
        return SCHEME + ":";
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    private Path path() {
        return Paths.get(getBase().toString());
    }

    /** Creates the file owner-only unless it exists; H2 then opens the file as usual. */
    private boolean createOwnerOnly() throws IOException {
        Path file = path();
        try {
            Files.createFile(file, DataDirectory.ownerOnlyFile(file));
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        }
    }

    @Override
    public boolean createFile() {
        try {
            return createOwnerOnly();
        } catch (IOException e) {
            return false; // what H2's own file system answers when it cannot create a file
        }
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (mode.contains("w")) {
            createOwnerOnly();
        }
        return super.open(mode);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        Path parent = path().getParent();
        if (parent != null && Files.notExists(parent)) {
            createDirectory(parent);
        }
        createOwnerOnly();
        return super.newOutputStream(append);
    }

    @Override
    public void createDirectory() {
        createDirectory(path());
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectory(dir, DataDirectory.ownerOnlyDirectory(dir));
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isDirectory(dir)) {
                throw new UncheckedIOException(exists);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        FilePath temp = super.createTempFile(suffix, inTempDir);
        // H2 made it empty a moment ago; restricting it before anything is written keeps it private
        Path file = Paths.get(temp.unwrap().toString());
        if (DataDirectory.posix(file)) {
            Files.setPosixFilePermissions(file, DataDirectory.OWNER_FILE);
        }
        return temp;
    }
}
