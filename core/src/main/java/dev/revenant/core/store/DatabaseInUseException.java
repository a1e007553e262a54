package dev.revenant.core.store;

import java.nio.file.Path;

/**
 * The embedded database is open in another process: a running server, or an admin command that has not
 * finished. Only one process opens the file at a time (nothing listens for others), so the caller either
 * asks that server to do the work or tells the operator.
 */
public final class DatabaseInUseException extends RuntimeException {
    private final Path dataDir;

    public DatabaseInUseException(Path dataDir, Throwable cause) {
        super("the embedded database in " + dataDir + " is in use by another process (a running server, or an admin"
                + " command still at work); one process at a time opens it", cause);
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
