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

    /** The PostgreSQL a test of several nodes shares when no services profile names one. */
    public static final String SHARED_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test";

    /**
     * A store of its own that several processes may open, for a test of several nodes: a fresh schema in the
     * services profile's PostgreSQL, else in {@value #SHARED_DEFAULT}. Without one the test is skipped on a
     * developer's machine and fails in CI.
     */
    public static DatabaseConfig sharedFresh() {
        String url = servicesUrl().isEmpty() ? SHARED_DEFAULT : servicesUrl();
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = "no PostgreSQL at " + url + " for a test of several nodes: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        return freshSchema(url);
    }

    /** A store of its own for one test (one server's lifetime, restarts included). */
    public static DatabaseConfig fresh() {
        String url = servicesUrl();
        if (url.isEmpty()) {
            return DatabaseConfig.embedded();
        }
        return freshSchema(url);
    }

    private static DatabaseConfig freshSchema(String url) {
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
