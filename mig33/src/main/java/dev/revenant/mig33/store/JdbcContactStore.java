package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link ContactStore} on JDBC. Every change bumps the owner's contact-list version (packet 420). */
public final class JdbcContactStore implements ContactStore {
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcContactStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static void bump(Connection c, int ownerId) throws SQLException {
        Jdbc.update(c, "UPDATE mig33_user SET contact_list_version = contact_list_version + 1 WHERE id = ?", ownerId);
    }

    @Override
    public List<ContactGroup> groups(int ownerId) {
        return jdbc.list("SELECT id, name, is_default FROM mig33_contact_group WHERE owner_id = ? ORDER BY id",
                rs -> new ContactGroup(rs.getInt(1), rs.getString(2), rs.getBoolean(3)), ownerId);
    }

    @Override
    public Optional<ContactGroup> group(int ownerId, int groupId) {
        return jdbc.one("SELECT id, name, is_default FROM mig33_contact_group WHERE owner_id = ? AND id = ?",
                rs -> new ContactGroup(rs.getInt(1), rs.getString(2), rs.getBoolean(3)), ownerId, groupId);
    }

    @Override
    public List<Contact> contacts(int ownerId) {
        return jdbc.list("SELECT c.id, c.group_id, u.username, c.display_name FROM mig33_contact c"
                        + " JOIN mig33_user u ON u.id = c.contact_user_id WHERE c.owner_id = ? ORDER BY c.id",
                rs -> new Contact(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4)), ownerId);
    }

    @Override
    public Optional<Contact> addContact(int ownerId, int contactUserId, int groupId, String displayName,
                                        String approval) {
        return jdbc.inTransaction(c -> {
            if (!Jdbc.list(c, "SELECT 1 FROM mig33_contact WHERE owner_id = ? AND contact_user_id = ?", rs -> 1,
                    ownerId, contactUserId).isEmpty()) {
                return Optional.empty();
            }
            int id = (int) Jdbc.insert(c, "INSERT INTO mig33_contact (owner_id, contact_user_id, group_id, display_name,"
                    + " created_at, approval) VALUES (?,?,?,?,?,?)", "id", ownerId, contactUserId, groupId, displayName,
                    clock.millis(), approval);
            bump(c, ownerId);
            String username = Jdbc.list(c, "SELECT username FROM mig33_user WHERE id = ?", rs -> rs.getString(1),
                    contactUserId).get(0);
            return Optional.of(new Contact(id, groupId, username, displayName));
        });
    }

    @Override
    public boolean removeContact(int ownerId, int contactId) {
        return changed(ownerId, "DELETE FROM mig33_contact WHERE owner_id = ? AND id = ?", ownerId, contactId);
    }

    @Override
    public boolean moveContact(int ownerId, int contactId, int groupId) {
        return changed(ownerId, "UPDATE mig33_contact SET group_id = ? WHERE owner_id = ? AND id = ?",
                groupId, ownerId, contactId);
    }

    @Override
    public boolean updateContact(int ownerId, int contactId, int groupId, String displayName) {
        return changed(ownerId, "UPDATE mig33_contact SET group_id = ?, display_name = ? WHERE owner_id = ? AND id = ?",
                groupId, displayName, ownerId, contactId);
    }

    @Override
    public ContactGroup addGroup(int ownerId, String name) {
        return jdbc.inTransaction(c -> {
            int id = (int) Jdbc.insert(c, "INSERT INTO mig33_contact_group (owner_id, name) VALUES (?, ?)", "id",
                    ownerId, name);
            bump(c, ownerId);
            return new ContactGroup(id, name, false);
        });
    }

    @Override
    public boolean removeGroup(int ownerId, int groupId) {
        return jdbc.inTransaction(c -> {
            List<Integer> defaults = Jdbc.list(c, "SELECT id FROM mig33_contact_group WHERE owner_id = ? AND is_default",
                    rs -> rs.getInt(1), ownerId);
            if (defaults.contains(groupId)) {
                return false;
            }
            Integer fallback = defaults.isEmpty() ? null : defaults.get(0);
            Jdbc.update(c, "UPDATE mig33_contact SET group_id = ? WHERE owner_id = ? AND group_id = ?",
                    fallback, ownerId, groupId);
            boolean removed = Jdbc.update(c, "DELETE FROM mig33_contact_group WHERE owner_id = ? AND id = ?",
                    ownerId, groupId) == 1;
            if (removed) {
                bump(c, ownerId);
            }
            return removed;
        });
    }

    @Override
    public boolean renameGroup(int ownerId, int groupId, String name) {
        return changed(ownerId, "UPDATE mig33_contact_group SET name = ? WHERE owner_id = ? AND id = ?",
                name, ownerId, groupId);
    }

    @Override
    public List<Watcher> watchers(int userId) {
        return jdbc.list("SELECT u.username, c.id FROM mig33_contact c JOIN mig33_user u ON u.id = c.owner_id"
                + " WHERE c.contact_user_id = ?", rs -> new Watcher(rs.getString(1), rs.getInt(2)), userId);
    }

    private boolean changed(int ownerId, String sql, Object... args) {
        return jdbc.inTransaction(c -> {
            boolean done = Jdbc.update(c, sql, args) == 1;
            if (done) {
                bump(c, ownerId);
            }
            return done;
        });
    }
}
