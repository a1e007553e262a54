package dev.revenant.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** The embedded database's file in the data directory (what {@link #backupTo} saves). */
    public static final String EMBEDDED_FILE = "revenant.mv.db";

    /** H2's error code for a database file another process has open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final HikariDataSource dataSource;
    private final String url;
    /** Embedded only: the connection that holds the file for this process as long as it is open (else null). */
    private final Connection holder;
    /** False for a {@link #borrowed()} view, whose close leaves the store open for its owner. */
    private final boolean owner;

    private Database(HikariDataSource dataSource, String url, Connection holder, boolean owner) {
        this.dataSource = dataSource;
        this.url = url;
        this.holder = holder;
        this.owner = owner;
    }

    /**
     * The JDBC URL for a configuration: the embedded H2 file under {@code dataDir} unless a URL is set.
     * The embedded database is opened by one process only and listens on no port (no AUTO_SERVER: its
     * port was open to every local user, guarded by nothing but an id in a world-readable file); admin
     * commands reach a running server through its admin API instead. Its files are created owner-only
     * ({@link OwnerOnlyFiles}). WRITE_DELAY=0 writes each commit at once, so that an acknowledged message
     * survives a killed process. QUERY_CACHE_SIZE keeps each connection's parsed statements: H2 parses a
     * statement again unless it is among the last few used (8 by default), and a login alone asks more than
     * eight different ones, so every login parsed its SQL anew.
     */
    public static String jdbcUrl(DatabaseConfig config, Path dataDir) {
        if (!config.url().isBlank()) {
            return config.url();
        }
        Path file = dataDir.toAbsolutePath().normalize().resolve("revenant");
        return "jdbc:h2:" + OwnerOnlyFiles.prefix() + file + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
    }

    /** Parsed statements kept per connection: more than the server's distinct statements (about 120). */
    static final int QUERY_CACHE_SIZE = 256;

    /**
     * Opens the pool. For the embedded database this also prepares the data directory (owner-only) and
     * takes the file at once, so that a file another process holds is reported here, in a moment, as
     * {@link DatabaseInUseException}, instead of as a store that never answers.
     */
    public static Database open(DatabaseConfig config, Path dataDir) {
        String url = jdbcUrl(config, dataDir);
        Connection holder = null;
        if (config.url().isBlank()) {
            DataDirectory.prepare(dataDir);
            holder = holdEmbedded(url, config, dataDir);
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
        return new Database(new HikariDataSource(hikari), url, holder, true);
    }

    /**
     * The first connection to the embedded file: H2 locks the file for this process while any connection
     * is open, and this one stays open until {@link #close()}, so the pool may shrink without the file
     * being released to another process in between.
     */
    private static Connection holdEmbedded(String url, DatabaseConfig config, Path dataDir) {
        try {
            // the pool's credentials: H2 admits only the user the database was created with. No trace for
            // this attempt: finding the file held is what every admin command meets while the server runs,
            // and H2 would write it to revenant.trace.db as an error each time.
            Connection holder = DriverManager.getConnection(url + ";TRACE_LEVEL_FILE=0", config.user(), config.password());
            try (Statement s = holder.createStatement()) {
                s.execute("SET TRACE_LEVEL_FILE 1"); // H2's default again: errors are traced
            } catch (SQLException e) {
                holder.close();
                throw e;
            }
            return holder;
        } catch (SQLException e) {
            if (heldElsewhere(e)) {
                throw new DatabaseInUseException(dataDir.toAbsolutePath().normalize(), e);
            }
            // anything else (a damaged file, say) surfaces where the pool meets it, as it always did
            log.warn("event=store_open_failed store={} reason=\"{}\"", describeUrl(url), e.getMessage());
            return null;
        }
    }

    private static boolean heldElsewhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    /**
     * This store for a caller that uses it but does not own it (an admin command run inside the server):
     * closing the view leaves the store open.
     */
    public Database borrowed() {
        return new Database(dataSource, url, null, false);
    }

    /** Brings the module's tables up to date. */
    public void migrate(String module) {
        migrate(module, new org.flywaydb.core.api.migration.JavaMigration[0]);
    }

    /**
     * Brings the module's tables up to date, with migrations written in Java that need what SQL does not
     * have (e.g. the secret key, to re-seal stored secrets); each runs once, recorded like the SQL ones.
     */
    public void migrate(String module, org.flywaydb.core.api.migration.JavaMigration... javaMigrations) {
        awaitReachable(STARTUP_WAIT);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + module)
                .javaMigrations(javaMigrations)
                .table("flyway_" + module + "_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        log.debug("event=schema_ready module={}", module);
    }

    /** How long start-up waits for a store that is not there yet (a PostgreSQL server still starting). */
    static final java.time.Duration STARTUP_WAIT = java.time.Duration.ofSeconds(30);

    private void awaitReachable(java.time.Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                return;
            } catch (SQLException e) {
                if (heldElsewhere(e)) {
                    throw new StoreUnavailableException("the store at " + describe() + " is held by another process", e);
                }
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

    /** Whether this is the embedded H2 database under the data directory. */
    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:" + OwnerOnlyFiles.prefix());
    }

    /**
     * Embedded only: writes a consistent copy of the database, while it is in use, to the ZIP file
     * {@code zip} (H2's own {@code BACKUP TO}, created owner-only; its one entry is {@link #EMBEDDED_FILE}).
     * The database is exclusive to the backup while the file is copied: the server's other connections pause
     * between statements for that moment. A copy taken while a commit was half written restored into a
     * database whose row stayed locked for ever (a restored user's offline messages: "Timeout trying to lock
     * table", in about one run of seven of BackupWhileServingTest; none in ten since).
     */
    public void backupTo(Path zip) {
        if (!isEmbedded()) {
            throw new IllegalStateException("only the embedded database is backed up by the server; " + describe()
                    + " is backed up with the database server's own tools");
        }
        String target = OwnerOnlyFiles.prefix() + zip.toAbsolutePath().normalize();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // the other connections pause between statements while the file is copied: no commit is caught
            // half written (H2 then kept a row of the copy locked for ever after a restore)
            s.execute("SET EXCLUSIVE 1");
            try {
                s.execute("BACKUP TO '" + target.replace("'", "''") + "'");
            } finally {
                s.execute("SET EXCLUSIVE 0");
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("the backup of " + describe() + " failed: " + e.getMessage(), e);
        }
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
        return describeUrl(url);
    }

    private static String describeUrl(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        dataSource.close();
        if (holder != null) {
            try {
                // the last connection: H2 writes everything and releases the file
                holder.close();
            } catch (SQLException e) {
                log.warn("event=store_close_failed store={} reason=\"{}\"", describe(), e.getMessage());
            }
        }
    }
}
