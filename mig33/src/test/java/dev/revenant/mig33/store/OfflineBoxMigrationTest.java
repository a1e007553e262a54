package dev.revenant.mig33.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.core.testing.TestStores;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import java.nio.file.Path;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V7 on a store that already holds waiting messages (H2, or PostgreSQL under -Ppostgres): every
 * user gets a count of what waits for them, so that the cap holds from the first message after the upgrade.
 */
class OfflineBoxMigrationTest {
    @TempDir Path dir;
    Database database;

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyUserIsCountedWhatWaitsForThem() {
        database = Database.open(TestStores.fresh(), dir);
        SecretBox secrets = SecretBox.open(dir.resolve("secret.key"));
        // the tables as the version before this one left them (the same Flyway settings as Database.migrate)
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/mig33")
                .javaMigrations(SealedPasswords.migration(secrets)).table("flyway_mig33_history")
                .baselineOnMigrate(true).baselineVersion("0").target("6.1").load().migrate();
        Jdbc jdbc = new Jdbc(database.dataSource());
        int bob = user(jdbc, "bob");
        int carol = user(jdbc, "carol");
        for (int i = 0; i < 3; i++) {
            waiting(jdbc, bob);
        }
        waiting(jdbc, carol);
        int dave = user(jdbc, "dave");

        new Mig33Admin(database, secrets, "Friends"); // migrates the rest

        assertThat(counted(jdbc, bob)).isEqualTo(3);
        assertThat(counted(jdbc, carol)).isEqualTo(1);
        assertThat(counted(jdbc, dave)).isZero();
        JdbcOfflineMessageStore store = new JdbcOfflineMessageStore(jdbc, 10, 1);
        assertThat(store.keep("bob", after(), 4)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", after(), 4)).isEqualTo(Kept.BOX_FULL);
    }

    private static OfflineMessage after() {
        return new OfflineMessage(0, "carol", UUID.randomUUID().toString(), 1, "bob", 1, "after the upgrade", 2_000L);
    }

    private static int user(Jdbc jdbc, String name) {
        return (int) jdbc.insert("INSERT INTO mig33_user (username, password_sealed, created_at) VALUES (?, ?, ?)", "id",
                name, "v1:not-a-real-seal", 1_000L);
    }

    private static void waiting(Jdbc jdbc, int recipient) {
        jdbc.update("INSERT INTO mig33_offline_message (recipient_id, sender, guid, destination_type, destination,"
                + " content_type, body, sent_at) VALUES (?,?,?,?,?,?,?,?)", recipient, "alice",
                UUID.randomUUID().toString(), 1, "someone", 1, "before the upgrade", 1_000L);
    }

    private static int counted(Jdbc jdbc, int user) {
        return jdbc.one("SELECT waiting FROM mig33_offline_box WHERE recipient_id = ?", rs -> rs.getInt(1), user)
                .orElseThrow();
    }
}
