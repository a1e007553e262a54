package dev.revenant.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store as the server opens it by default. */
class EmbeddedDatabaseTest {
    @TempDir Path dir;

    @Test
    void eachConnectionKeepsMoreParsedStatementsThanTheServerHas() throws Exception {
        // with H2's default of 8, a login asked more distinct statements than a connection kept, and each was
        // parsed again (a tenth of a login's CPU here)
        try (Database db = Database.open(DatabaseConfig.embedded(), dir);
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
            assertThat(r.next()).isTrue();
            assertThat(Integer.parseInt(r.getString(1))).isEqualTo(Database.QUERY_CACHE_SIZE).isGreaterThan(100);
        }
    }
}
