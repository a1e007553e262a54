package dev.revenant.app.cli;

import dev.revenant.app.admin.AuditLog;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.DataDirectory;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.ServerLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code revenant restore FILE}: a backup into the data directory, which must be empty or missing
 * ({@code --force} replaces the database, key and token of one that is not, unless a server runs on it).
 * The directory is made owner-only and every file {@code rw-------}; the restored database is opened once
 * to check it before the command says it is done.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup (revenant backup) into the data directory, which must be empty or new.",
                "With PostgreSQL: restores secret.key and the admin token; the database is pg_restore's."})
public final class RestoreCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A backup written by revenant backup.")
    Path file;

    @Option(names = "--force", description = "Restore into a data directory that is not empty (no server may run on it).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        RevenantConfig config = options.config();
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        try (BackupArchive.Opened backup = BackupArchive.open(file)) {
            if (!force && Files.isDirectory(dataDir)) {
                try (Stream<Path> entries = Files.list(dataDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalStateException("the data directory " + dataDir + " is not empty: restore into a new"
                                + " one (--data-dir DIR), or give --force to replace its database, secret.key and admin.token");
                    }
                }
            }
            DataDirectory.prepare(dataDir);
            List<String> restored = new ArrayList<>();
            boolean embedded = config.database().url().isBlank();
            // no server may start on the directory while it is being written, nor run on it already
            try (ServerLock lock = ServerLock.take(dataDir)) {
                if (backup.has(BackupArchive.DATABASE)) {
                    if (embedded) {
                        for (String stale : List.of(Database.EMBEDDED_FILE, "revenant.trace.db")) {
                            Files.deleteIfExists(dataDir.resolve(stale));
                        }
                        backup.extract(BackupArchive.DATABASE, dataDir.resolve(BackupArchive.DATABASE));
                        restored.add("the database");
                    } else {
                        out.println("revenant: the backup holds an embedded database, but this configuration names "
                                + "PostgreSQL: the database was not restored");
                    }
                }
                for (String name : BackupArchive.FILES) {
                    if (backup.has(name)) {
                        Path target = name.equals(BackupArchive.ADMIN_TOKEN) ? config.adminTokenPath() : dataDir.resolve(name);
                        backup.extract(name, target);
                        restored.add(name);
                    }
                }
                if (embedded && backup.has(BackupArchive.DATABASE)) {
                    // a damaged copy is said now, not at the next start
                    try (Database check = Database.open(config.database(), dataDir)) {
                        if (!check.reachable()) {
                            throw new IllegalStateException("the restored database in " + dataDir + " does not open");
                        }
                    }
                }
            }
            new AuditLog(dataDir).record("cli:" + System.getProperty("user.name", "?"),
                    "local (process " + ProcessHandle.current().pid() + ")", "restore", file.toString(), "ok");
            out.println("backup " + file + " restored into " + dataDir + ": " + String.join(", ", restored));
            if (!backup.has(BackupArchive.DATABASE)) {
                out.println("the database is not in this backup (" + backup.manifest().getProperty("store")
                        + "): restore it with pg_restore --clean --if-exists -d DATABASE revenant.pgdump");
            }
            out.flush();
            return 0;
        }
    }
}
