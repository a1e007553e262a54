package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12, hardening item 1: when {@code revenant user add} created the data directory it was 0755 and
 * the database files 0644, readable by every local user (and {@code secret.key} opens every mig33
 * password). Whichever command creates it, the data directory is now {@code rwx------} and every file in
 * it {@code rw-------}, H2's own files included; one an older version made is tightened at start.
 */
class DataDirectoryIsOwnerOnlyTest {
    @TempDir Path root;

    @BeforeEach
    void posixOnly() {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    /** Every directory under {@code dir} (itself included) is rwx------ and every file rw-------. */
    static void assertOwnerOnly(Path dir, String... expectedFiles) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.toList();
        }
        for (Path entry : entries) {
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(entry));
            assertThat(perms).as(dir.relativize(entry) + (Files.isDirectory(entry) ? "/" : ""))
                    .isEqualTo(Files.isDirectory(entry) ? "rwx------" : "rw-------");
        }
        for (String name : expectedFiles) {
            assertThat(dir.resolve(name)).isRegularFile();
        }
    }

    @Test
    void userAddCreatesTheDataDirectoryOwnerOnly() throws IOException {
        Path dataDir = root.resolve("fresh").resolve("data");
        assertThat(Revenant.execute("user", "add", "alice", "--password", "S3cretPass",
                "--data-dir", dataDir.toString(), "--set", "database.url=")).isZero();
        assertOwnerOnly(dataDir, "revenant.mv.db", "secret.key");
    }

    @Test
    void pangyaAccountAddCreatesTheDataDirectoryOwnerOnly() throws IOException {
        Path dataDir = root.resolve("data");
        assertThat(Revenant.execute("pangya", "account", "add", "tiger", "--password", "Birdie12",
                "--data-dir", dataDir.toString(), "--set", "database.url=")).isZero();
        assertOwnerOnly(dataDir, "revenant.mv.db");
    }

    @Test
    void aRunningServerKeepsEveryFileOwnerOnlyEvenH2sTraceFile() throws Exception {
        Path dataDir = root.resolve("served");
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("database.url", ""));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            // H2 writes a trace file beside the database when asked to (and on errors)
            try (Database db = Database.open(DatabaseConfig.embedded(), dataDir);
                    Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SET TRACE_LEVEL_FILE 3");
                s.execute("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES");
                s.execute("SET TRACE_LEVEL_FILE 1");
            }
            assertOwnerOnly(dataDir, "revenant.mv.db", "revenant.trace.db", "secret.key", "admin.token", "admin.url");
        }
        assertOwnerOnly(dataDir, "revenant.mv.db", "secret.key", "admin.token");
    }

    @Test
    void aTooOpenDataDirectoryIsTightenedAtStartAndTheLogSaysSo() throws Exception {
        Path dataDir = root.resolve("old");
        Files.createDirectories(dataDir.resolve("pangya"));
        Files.writeString(dataDir.resolve("notes.txt"), "left by an older version");
        Files.writeString(dataDir.resolve("pangya").resolve("keys.bin"), "not really keys");
        for (Path p : List.of(dataDir, dataDir.resolve("pangya"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(dataDir.resolve("notes.txt"), dataDir.resolve("pangya").resolve("keys.bin"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(Revenant.execute("user", "list", "--data-dir", dataDir.toString(), "--set", "database.url=")).isZero();
            assertOwnerOnly(dataDir, "notes.txt", "pangya/keys.bin", "revenant.mv.db");
            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("event=data_dir_tightened"))
                    .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("entries=4"));
        }
    }
}
