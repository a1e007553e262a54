package dev.revenant.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.admin.AuditLog;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseInUseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code revenant backup FILE}: the embedded database, {@code secret.key} and the admin token in one
 * owner-only ZIP, while the server runs or not. The database copy is H2's own {@code BACKUP TO}, made by
 * whichever process holds the database: this one when no server runs, else the running server, asked
 * through {@code POST /admin/backup} (admin token), which writes the copy into its data directory (the
 * only place it writes to; this command reads it from there, since it reads the token from there too).
 * With PostgreSQL the database is the database server's to back up: the command saves the key and the
 * token and says which {@code pg_dump} to run.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Save the database, secret.key and the admin token to FILE (a ZIP, owner-only), also while the"
                + " server runs.", "With PostgreSQL: saves secret.key and the token, and prints the pg_dump to run."})
public final class BackupCommand implements Callable<Integer> {
    /** The running server's route that copies its embedded database into its data directory. */
    public static final String BACKUP_PATH = "/admin/backup";
    /** The names the server gives its copies: this command reads only such a name back. */
    public static final Pattern COPY_NAME = Pattern.compile("backup-[0-9a-f]{16}\\.zip");
    private static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Where to write the backup.")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    /** A new name for a database copy in the data directory. */
    public static String newCopyName() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return "backup-" + HexFormat.of().formatHex(random) + ".zip";
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        RevenantConfig config = options.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        if (!Files.isRegularFile(dataDir.resolve(BackupArchive.SECRET_KEY))) {
            throw new IllegalStateException("nothing to back up: " + dataDir.resolve(BackupArchive.SECRET_KEY)
                    + " is missing (has a server run on " + dataDir + "?)");
        }
        if (Files.exists(file) && !force) {
            throw new IllegalStateException(file + " exists; --force replaces it");
        }
        boolean embedded = config.database().url().isBlank();
        Map<String, Path> files = BackupArchive.dataFiles(dataDir, config.adminTokenPath());
        if (!embedded) {
            BackupArchive.write(file, null, files, BackupArchive.manifest("postgresql", false));
            out.println("backup " + file + " written: " + String.join(", ", files.keySet())
                    + "; the database is PostgreSQL and is not in it: back it up with");
            out.println("  " + pgDump(config.database().url(), config.database().user()));
            out.println("(restore it with pg_restore --clean --if-exists -d DATABASE FILE.pgdump)");
            audit(dataDir, "local (process " + ProcessHandle.current().pid() + ")");
            out.flush();
            return 0;
        }
        if (!Files.isRegularFile(dataDir.resolve(Database.EMBEDDED_FILE))) {
            throw new IllegalStateException("nothing to back up: " + dataDir.resolve(Database.EMBEDDED_FILE) + " is missing");
        }
        Path copy = null;
        try {
            copy = databaseCopy(config, dataDir, err);
            BackupArchive.write(file, copy, files, BackupArchive.manifest("h2", true));
        } finally {
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
        out.println("backup " + file + " written: the database, " + String.join(", ", files.keySet()));
        out.flush();
        return 0;
    }

    /** A consistent copy of the embedded database in the data directory, made by whichever process holds it. */
    private Path databaseCopy(RevenantConfig config, Path dataDir, PrintWriter err) throws IOException, InterruptedException {
        Path copy = dataDir.resolve(newCopyName());
        try (Database database = Database.open(config.database(), dataDir)) {
            database.backupTo(copy);
            audit(dataDir, "local (process " + ProcessHandle.current().pid() + ")");
            return copy;
        } catch (DatabaseInUseException held) {
            var answer = RunningServer.post(config, BACKUP_PATH, Map.of(), BACKUP_TIMEOUT, held.getMessage(),
                    "the backup", () -> err.println("revenant: a server is running on " + dataDir
                            + ": it copies its database (H2 BACKUP TO) while it serves"));
            String name = JSON.readTree(answer.body()).path("file").asText();
            if (!COPY_NAME.matcher(name).matches()) {
                throw new IllegalStateException("the server answered an unexpected copy name: " + name);
            }
            return dataDir.resolve(name);
        }
    }

    private void audit(Path dataDir, String from) {
        new AuditLog(dataDir).record("cli:" + System.getProperty("user.name", "?"), from, "backup", file.toString(), "ok");
    }

    /** The pg_dump command for a JDBC URL, without any password (pg_dump asks, or reads ~/.pgpass or PGPASSWORD). */
    static String pgDump(String jdbcUrl, String user) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String who = user;
        for (String pair : query.split("&")) {
            if (pair.startsWith("user=") && (who == null || who.isEmpty())) {
                who = pair.substring("user=".length());
            }
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        StringBuilder command = new StringBuilder("pg_dump --format=custom --file=revenant.pgdump");
        if (uri.getHost() != null) {
            command.append(" --host=").append(uri.getHost());
        }
        if (uri.getPort() > 0) {
            command.append(" --port=").append(uri.getPort());
        }
        if (who != null && !who.isEmpty()) {
            command.append(" --username=").append(who);
        }
        return command.append(' ').append(database).toString();
    }
}
