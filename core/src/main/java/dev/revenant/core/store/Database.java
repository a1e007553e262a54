package dev.revenant.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and schema migrations. Each protocol module migrates its own tables from
 * {@code classpath:db/<module>} with its own history table, so modules never share a version sequence.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final String url;

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /**
     * The JDBC URL for a configuration: the embedded H2 file under {@code dataDir} unless a URL is set.
     * AUTO_SERVER lets the admin commands open the same file while the server runs; WRITE_DELAY=0 writes
     * each commit at once, so that an acknowledged message survives a killed process. (H2 2.x refuses
     * AUTO_SERVER together with DB_CLOSE_ON_EXIT=FALSE, so the database closes with the JVM.) Its files
     * are created owner-only ({@link OwnerOnlyFiles}).
     */
    public static String jdbcUrl(DatabaseConfig config, Path dataDir) {
        if (!config.url().isBlank()) {
            return config.url();
        }
        Path file = dataDir.toAbsolutePath().normalize().resolve("revenant");
        return "jdbc:h2:" + OwnerOnlyFiles.prefix() + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /** Opens the pool; for the embedded database the data directory is made (or kept) owner-only first. */
    public static Database open(DatabaseConfig config, Path dataDir) {
        String url = jdbcUrl(config, dataDir);
        if (config.url().isBlank()) {
            DataDirectory.prepare(dataDir);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.connectTimeoutMillis());
        hikari.setValidationTimeout(Math.min(1000, config.connectTimeoutMillis()));
        hikari.setPoolName("store");
        // start even if the database is down: the server keeps online chat going and recovers later
        hikari.setInitializationFailTimeout(-1);
        hikari.setExceptionOverride(new BrokenConnections());
        return new Database(new HikariDataSource(hikari), url);
    }

    /** Brings the module's tables up to date. */
    public void migrate(String module) {
        awaitReachable(STARTUP_WAIT);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + module)
                .table("flyway_" + module + "_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        log.debug("event=schema_ready module={}", module);
    }

    /** How long start-up waits for the store: H2 needs a few seconds to take over the lock of a killed process. */
    static final java.time.Duration STARTUP_WAIT = java.time.Duration.ofSeconds(30);

    private void awaitReachable(java.time.Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new StoreUnavailableException("the store at " + describe() + " is unreachable: "
                            + e.getMessage(), e);
                }
                log.info("event=store_waiting store={} reason=\"{}\"", describe(), e.getMessage());
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Whether a connection can be had right now (health checks, store-down handling). */
    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The URL without credentials, for logs. */
    public String describe() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
