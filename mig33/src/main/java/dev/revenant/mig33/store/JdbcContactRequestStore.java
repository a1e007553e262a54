package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ContactRequestStore} on JDBC: the {@code approval} column of {@code mig33_contact} (migration V3). */
public final class JdbcContactRequestStore implements ContactRequestStore {
    /** The listed user (c.contact_user_id) does not block the owner (c.owner_id). */
    private static final String NOT_BLOCKED = " AND NOT EXISTS (SELECT 1 FROM mig33_permission p"
            + " WHERE p.owner_id = c.contact_user_id AND p.other_id = c.owner_id AND p.permission = "
            + PermissionStore.BLOCK + ")";

    private final Jdbc jdbc;

    public JdbcContactRequestStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> approval(int ownerId, int contactUserId) {
        return jdbc.one("SELECT approval FROM mig33_contact WHERE owner_id = ? AND contact_user_id = ?",
                rs -> rs.getString(1), ownerId, contactUserId);
    }

    @Override
    public boolean setApproval(int ownerId, int contactUserId, String approval) {
        return jdbc.update("UPDATE mig33_contact SET approval = ? WHERE owner_id = ? AND contact_user_id = ?",
                approval, ownerId, contactUserId) == 1;
    }

    @Override
    public List<String> pendingFor(int userId) {
        // a blocked requester's request is not shown; the user who asked is never told
        return jdbc.list("SELECT u.username FROM mig33_contact c JOIN mig33_user u ON u.id = c.owner_id"
                + " WHERE c.contact_user_id = ? AND c.approval = '" + PENDING + "'" + NOT_BLOCKED
                + " ORDER BY c.created_at, c.id", rs -> rs.getString(1), userId);
    }

    @Override
    public Set<String> visibleTo(int ownerId) {
        return new HashSet<>(jdbc.list("SELECT u.username FROM mig33_contact c JOIN mig33_user u ON u.id = c.contact_user_id"
                + " WHERE c.owner_id = ? AND c.approval = '" + ACCEPTED + "'" + NOT_BLOCKED, rs -> rs.getString(1), ownerId));
    }

    @Override
    public Optional<Integer> visibleEntry(int ownerId, int contactUserId) {
        return jdbc.one("SELECT c.id FROM mig33_contact c WHERE c.owner_id = ? AND c.contact_user_id = ?"
                + " AND c.approval = '" + ACCEPTED + "'" + NOT_BLOCKED, rs -> rs.getInt(1), ownerId, contactUserId);
    }
}
