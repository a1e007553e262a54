package dev.revenant.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.Revenant;
import dev.revenant.app.StandardStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revenant backup} and {@code restore} without a running server: the command copies the embedded
 * database itself; with PostgreSQL it saves the key and the token and says which pg_dump to run, never
 * the password; restore refuses what is not a backup and a directory that is not empty.
 */
class BackupCommandTest {
    @TempDir Path work;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    private int revenant(String... args) {
        streams.reset();
        return Revenant.execute(args);
    }

    @Test
    void aStoppedServersDataIsBackedUpByTheCommandItselfAndRestored() throws Exception {
        Path data = work.resolve("data");
        Path backup = work.resolve("b.zip");
        String embedded = "database.url=";
        assertThat(revenant("user", "add", "alice", "--password", "Tennis42", "--data-dir", data.toString(), "--set", embedded))
                .as(streams.err()).isZero();
        Files.writeString(data.resolve("admin.token"), "token-of-this-install\n");
        assertThat(revenant("backup", backup.toString(), "--data-dir", data.toString(), "--set", embedded)).as(streams.err()).isZero();
        assertThat(streams.out()).contains("written: the database, secret.key, admin.token, audit.log");
        assertThat(revenant("backup", backup.toString(), "--data-dir", data.toString(), "--set", embedded))
                .as("an existing file is kept without --force").isEqualTo(Revenant.FAILED);
        assertThat(streams.err()).contains("exists; --force replaces it");

        Path fresh = work.resolve("fresh");
        assertThat(revenant("restore", backup.toString(), "--data-dir", fresh.toString(), "--set", embedded)).as(streams.err()).isZero();
        assertThat(revenant("user", "list", "--json", "--data-dir", fresh.toString(), "--set", embedded)).isZero();
        assertThat(streams.out()).contains("\"username\" : \"alice\"");
        assertThat(Files.readString(fresh.resolve("admin.token"))).isEqualTo("token-of-this-install\n");
        assertThat(Files.readString(fresh.resolve("audit.log"))).contains("\"action\":\"restore\"").contains("\"action\":\"user add\"");
    }

    @Test
    void withPostgresTheKeyAndTokenAreSavedAndPgDumpIsNamedWithoutThePassword() throws Exception {
        Path data = Files.createDirectories(work.resolve("pgdata"));
        Files.writeString(data.resolve("secret.key"), "k".repeat(44));
        Files.writeString(data.resolve("admin.token"), "t0ken\n");
        Path backup = work.resolve("pg.zip");
        String url = "database.url=jdbc:postgresql://db.example:5433/revenant?user=rev&password=hunter2";
        assertThat(revenant("backup", backup.toString(), "--data-dir", data.toString(), "--set", url)).as(streams.err()).isZero();
        assertThat(streams.out())
                .contains("pg_dump --format=custom --file=revenant.pgdump --host=db.example --port=5433 --username=rev revenant")
                .doesNotContain("hunter2");
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            assertThat(Collections.list(zip.entries())).extracting(e -> e.getName())
                    .containsExactlyInAnyOrder(BackupArchive.MANIFEST, "secret.key", "admin.token");
        }

        Path fresh = work.resolve("fresh");
        assertThat(revenant("restore", backup.toString(), "--data-dir", fresh.toString(), "--set", url)).as(streams.err()).isZero();
        assertThat(streams.out()).contains("restored into").contains("secret.key, admin.token").contains("pg_restore");
        assertThat(Files.readString(fresh.resolve("secret.key"))).isEqualTo("k".repeat(44));
    }

    @Test
    void restoreRefusesWhatIsNotABackupAndADirectoryInUse() throws Exception {
        Path notABackup = Files.writeString(work.resolve("notes.zip"), "hello");
        assertThat(revenant("restore", notABackup.toString(), "--data-dir", work.resolve("d").toString())).isEqualTo(Revenant.FAILED);
        assertThat(streams.err()).contains("is not a revenant backup");
        assertThat(work.resolve("d")).doesNotExist();

        Path data = Files.createDirectories(work.resolve("busy"));
        Files.writeString(data.resolve("secret.key"), "k");
        Files.writeString(data.resolve("admin.token"), "t");
        Path backup = work.resolve("b.zip");
        assertThat(revenant("backup", backup.toString(), "--data-dir", data.toString(), "--set",
                "database.url=jdbc:postgresql://127.0.0.1/x")).isZero();
        try (var lock = dev.revenant.core.store.ServerLock.take(data)) {
            assertThat(revenant("restore", backup.toString(), "--data-dir", data.toString(), "--force")).isEqualTo(Revenant.FAILED);
            assertThat(streams.err()).contains("another revenant serve is running on");
        }
    }
}
