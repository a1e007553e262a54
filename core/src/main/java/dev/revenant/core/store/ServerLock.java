package dev.revenant.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data directory: a lock on {@code DIR/server.lock} held while the server runs. The embedded
 * database refuses a second process by itself, but a PostgreSQL store does not, and two servers on one data
 * directory would share {@code admin.url} and the PangYa keys without a word. The operating system releases
 * the lock when the process ends, however it ends, so a killed server leaves nothing to clean up; the file
 * says which process held it last.
 */
public final class ServerLock implements AutoCloseable {
    public static final String FILE = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (which exists, owner-only).
     *
     * @throws IllegalStateException when another server holds it, naming the directory and that process
     */
    public static ServerLock take(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            if (Files.notExists(file)) {
                try {
                    Files.createFile(file, DataDirectory.ownerOnlyFile(file));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another server made it a moment ago: the lock decides
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new IllegalStateException("another revenant serve is running on " + dir
                        + (holder.isEmpty() ? "" : " (process " + holder + ")")
                        + ": stop it first, or give this one a data directory of its own (--data-dir DIR)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new ServerLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the first problem is the one to report
                }
            }
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending the lock anyway when it exits
        }
    }
}
