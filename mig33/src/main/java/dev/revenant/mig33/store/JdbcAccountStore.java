package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.Optional;

/** {@link AccountStore} on JDBC. */
public final class JdbcAccountStore implements AccountStore {
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcAccountStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static Account row(ResultSet rs) throws SQLException {
        return new Account(rs.getInt("id"), rs.getString("username"), rs.getString("password_sealed"),
                rs.getString("display_name"), rs.getString("mobile_phone"), rs.getInt("contact_list_version"));
    }

    @Override
    public Optional<Account> find(String username) {
        return jdbc.one("SELECT id, username, password_sealed, display_name, mobile_phone, contact_list_version"
                + " FROM mig33_user WHERE username = ?", JdbcAccountStore::row, username);
    }

    @Override
    public Optional<Account> create(NewAccount a, String defaultGroupName) {
        return jdbc.inTransaction(c -> {
            if (!Jdbc.list(c, "SELECT 1 FROM mig33_user WHERE username = ?", rs -> 1, a.username()).isEmpty()) {
                return Optional.empty();
            }
            int id = (int) Jdbc.insert(c, "INSERT INTO mig33_user (username, password_sealed, mobile_phone, display_name,"
                            + " first_name, last_name, date_of_birth, email, created_at) VALUES (?,?,?,?,?,?,?,?,?)", "id",
                    a.username(), a.passwordSealed(), a.mobilePhone(), a.displayName(), a.firstName(), a.lastName(),
                    a.dateOfBirth(), a.email(), clock.millis());
            Jdbc.update(c, "INSERT INTO mig33_contact_group (owner_id, name, is_default) VALUES (?, ?, TRUE)",
                    id, defaultGroupName);
            // the count of messages waiting for them (mig33.maxOfflineMessages), which storing one updates
            Jdbc.update(c, "INSERT INTO mig33_offline_box (recipient_id, waiting) VALUES (?, 0)", id);
            return Optional.of(new Account(id, a.username(), a.passwordSealed(), a.displayName(), a.mobilePhone(), 1));
        });
    }

    @Override
    public boolean setPassword(String username, String passwordSealed) {
        return jdbc.update("UPDATE mig33_user SET password_sealed = ? WHERE username = ?", passwordSealed, username) == 1;
    }

    @Override
    public boolean delete(String username) {
        // the user's message-box row first, then the user: the order in which storing a message for them takes
        // the two (the box's count, then the user row its insert refers to). Deleting the user straight away
        // locked the user row and then waited for the box row (the cascade) while the message's insert waited
        // for the user row: PostgreSQL found a deadlock and aborted one of them
        return jdbc.inTransaction(c -> {
            Jdbc.list(c, "SELECT b.recipient_id FROM mig33_offline_box b WHERE b.recipient_id IN"
                    + " (SELECT u.id FROM mig33_user u WHERE u.username = ?) FOR UPDATE", rs -> rs.getInt(1), username);
            return Jdbc.update(c, "DELETE FROM mig33_user WHERE username = ?", username) == 1;
        });
    }

    @Override
    public List<Account> all() {
        return jdbc.list("SELECT id, username, password_sealed, display_name, mobile_phone, contact_list_version"
                + " FROM mig33_user ORDER BY username", JdbcAccountStore::row);
    }

    @Override
    public List<String> usernames() {
        return jdbc.list("SELECT username FROM mig33_user ORDER BY username", rs -> rs.getString(1));
    }

    @Override
    public boolean ban(String username, Ban ban) {
        return jdbc.inTransaction(c -> {
            List<Integer> id = Jdbc.list(c, "SELECT id FROM mig33_user WHERE username = ?", rs -> rs.getInt(1), username);
            if (id.isEmpty()) {
                return false;
            }
            Jdbc.update(c, "DELETE FROM mig33_user_ban WHERE user_id = ?", id.get(0));
            Jdbc.update(c, "INSERT INTO mig33_user_ban (user_id, reason, until_at, banned_by, banned_at) VALUES (?,?,?,?,?)",
                    id.get(0), ban.reason(), ban.until() == null ? null : ban.until().toEpochMilli(), ban.bannedBy(),
                    ban.bannedAt().toEpochMilli());
            return true;
        });
    }

    @Override
    public boolean unban(String username) {
        return jdbc.update("DELETE FROM mig33_user_ban WHERE user_id = (SELECT id FROM mig33_user WHERE username = ?)",
                username) == 1;
    }

    private static Ban banRow(ResultSet rs) throws SQLException {
        long until = rs.getLong("until_at");
        return new Ban(rs.getString("reason"), rs.wasNull() ? null : Instant.ofEpochMilli(until), rs.getString("banned_by"),
                Instant.ofEpochMilli(rs.getLong("banned_at")));
    }

    @Override
    public Optional<Ban> ban(int userId, Instant now) {
        return jdbc.one("SELECT reason, until_at, banned_by, banned_at FROM mig33_user_ban WHERE user_id = ?",
                JdbcAccountStore::banRow, userId).filter(b -> b.holdsAt(now));
    }

    @Override
    public Map<String, Ban> bans(Instant now) {
        Map<String, Ban> bans = new TreeMap<>();
        jdbc.list("SELECT u.username, b.reason, b.until_at, b.banned_by, b.banned_at FROM mig33_user_ban b"
                + " JOIN mig33_user u ON u.id = b.user_id", rs -> Map.entry(rs.getString("username"), banRow(rs)))
                .stream().filter(e -> e.getValue().holdsAt(now)).forEach(e -> bans.put(e.getKey(), e.getValue()));
        return bans;
    }
}
