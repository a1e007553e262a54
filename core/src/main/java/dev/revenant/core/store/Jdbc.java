package dev.revenant.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The few JDBC shapes every repository uses, so that each repository method is its SQL and its row
 * mapping and nothing else. SQL errors become {@link StoreUnavailableException}.
 */
public final class Jdbc {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> List<T> list(String sql, Row<T> row, Object... args) {
        return alone(c -> list(c, sql, row, args));
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> rows = list(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... args) {
        return alone(c -> update(c, sql, args));
    }

    /** Inserts a row and returns its generated numeric key. */
    public long insert(String sql, String keyColumn, Object... args) {
        return alone(c -> insert(c, sql, keyColumn, args));
    }

    /**
     * One statement, committed by itself. A single statement is atomic on its own, so it runs in the pool's
     * auto-commit mode: wrapping it in setAutoCommit(false) … commit … setAutoCommit(true) costs PostgreSQL
     * an extra round trip (the COMMIT) for nothing, and this is the shape of most calls on the hot paths
     * (a message to someone away, a login's reads). A connection that is not in auto-commit gets the
     * transaction after all.
     */
    private <T> T alone(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                return inTransaction(c, work);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreUnavailableException("store: " + e.getMessage(), e);
        }
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw new StoreUnavailableException("store: " + e.getMessage(), e);
        }
    }

    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    public static long insert(Connection c, String sql, String keyColumn, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {keyColumn})) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key for " + keyColumn);
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * Runs one statement once for each row of arguments, sent together (one round trip on PostgreSQL);
     * each row's update count, in order.
     */
    public static int[] batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
