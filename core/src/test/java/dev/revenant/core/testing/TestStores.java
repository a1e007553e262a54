package dev.revenant.core.testing;

import dev.revenant.core.secret.Tokens;
import dev.revenant.core.store.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store a test runs against: the embedded H2 default, or, under the services profile
 * ({@code -Ppostgres}), a fresh schema of its own in the PostgreSQL server the profile names.
 */
public final class TestStores {
    private TestStores() {}

    /** The JDBC URL of the services profile, or empty for the embedded default. */
    public static String servicesUrl() {
        String url = System.getProperty("revenant.test.jdbcUrl", "");
        return url == null ? "" : url.trim();
    }

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    /**
     * Drops the test's schema when the test JVM ends, so runs do not pile schemas up in the database.
     * (A test's server may keep its pool open until the end of the test class, so not earlier.)
     */
    private static void dropAtExit(String url, String schema) {
        synchronized (CREATED) {
            if (CREATED.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(url), "drop-test-schemas"));
            }
            CREATED.add(schema);
        }
    }

    private static void dropAll(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String schema : CREATED) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test schemas: " + e.getMessage());
        }
    }

    /** A store of its own for one test (one server's lifetime, restarts included). */
    public static DatabaseConfig fresh() {
        String url = servicesUrl();
        if (url.isEmpty()) {
            return DatabaseConfig.embedded();
        }
        String schema = "t_" + Tokens.hex(6);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("the services profile needs PostgreSQL at " + url, e);
        }
        dropAtExit(url, schema);
        String sep = url.contains("?") ? "&" : "?";
        return new DatabaseConfig(url + sep + "currentSchema=" + schema, "", "", 4, 3000);
    }
}
