package dev.revenant.core.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the pool which failures mean the connection itself is dead, so it is thrown away instead of being
 * handed out again. The pool knows the standard connection states (class 08) and PostgreSQL's, but not
 * H2's: after a network outage of an H2 server, every pooled connection answered "database is already
 * closed" for as long as requests kept it busy, and the store never came back without a restart.
 */
public final class BrokenConnections implements SQLExceptionOverride {
    /**
     * H2's codes for a connection that is gone: 90067 connection broken, 90098 database closed,
     * 90121 database closed at shutdown, 90028 I/O error.
     */
    private static final Set<Integer> H2_DEAD_CONNECTION = Set.of(90067, 90098, 90121, 90028);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (H2_DEAD_CONNECTION.contains(cause.getErrorCode())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
