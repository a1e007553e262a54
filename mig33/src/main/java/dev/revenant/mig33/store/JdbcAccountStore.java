package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
            return Optional.of(new Account(id, a.username(), a.passwordSealed(), a.displayName(), a.mobilePhone(), 1));
        });
    }

    @Override
    public boolean setPassword(String username, String passwordSealed) {
        return jdbc.update("UPDATE mig33_user SET password_sealed = ? WHERE username = ?", passwordSealed, username) == 1;
    }

    @Override
    public boolean delete(String username) {
        return jdbc.update("DELETE FROM mig33_user WHERE username = ?", username) == 1;
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
}
