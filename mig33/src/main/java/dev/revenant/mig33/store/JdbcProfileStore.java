package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ProfileStore} on JDBC: names, e-mail and phone in {@code mig33_user}, the rest in {@code mig33_profile}. */
public final class JdbcProfileStore implements ProfileStore {
    private final Jdbc jdbc;

    public JdbcProfileStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public Optional<Profile> profile(int userId) {
        return jdbc.one("SELECT u.display_name, u.first_name, u.last_name, u.email, u.mobile_phone, p.city, p.state,"
                + " p.country_id, p.date_of_birth, p.gender, p.away_message, p.status_message, p.display_picture"
                + " FROM mig33_user u LEFT JOIN mig33_profile p ON p.user_id = u.id WHERE u.id = ?",
                rs -> new Profile(rs.getString("display_name"), rs.getString("first_name"), rs.getString("last_name"),
                        rs.getString("city"), rs.getString("state"), intOrNull(rs, "country_id"),
                        longOrNull(rs, "date_of_birth"), intOrNull(rs, "gender"), rs.getString("email"),
                        rs.getString("mobile_phone"), rs.getString("away_message"), rs.getString("status_message"),
                        rs.getString("display_picture")), userId);
    }

    /** Makes sure the user has a profile row, so that the updates below need no upsert (not portable). */
    private static void ensureRow(Connection c, int userId) throws SQLException {
        if (Jdbc.list(c, "SELECT 1 FROM mig33_profile WHERE user_id = ?", rs -> 1, userId).isEmpty()) {
            Jdbc.update(c, "INSERT INTO mig33_profile (user_id) VALUES (?)", userId);
        }
    }

    @Override
    public void update(int userId, Profile p) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "UPDATE mig33_user SET display_name = COALESCE(?, display_name),"
                    + " first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name),"
                    + " email = COALESCE(?, email), mobile_phone = COALESCE(?, mobile_phone) WHERE id = ?",
                    p.displayName(), p.firstName(), p.lastName(), p.email(), p.mobilePhone(), userId);
            ensureRow(c, userId);
            Jdbc.update(c, "UPDATE mig33_profile SET city = COALESCE(?, city), state = COALESCE(?, state),"
                    + " country_id = COALESCE(?, country_id), date_of_birth = COALESCE(?, date_of_birth),"
                    + " gender = COALESCE(?, gender), away_message = COALESCE(?, away_message) WHERE user_id = ?",
                    p.city(), p.state(), p.countryId(), p.dateOfBirth(), p.gender(), p.awayMessage(), userId);
            return null;
        });
    }

    @Override
    public void setStatusMessage(int userId, String text, long at) {
        jdbc.inTransaction(c -> {
            ensureRow(c, userId);
            return Jdbc.update(c, "UPDATE mig33_profile SET status_message = ?, status_message_at = ? WHERE user_id = ?",
                    text, at, userId);
        });
    }

    @Override
    public void setDisplayPicture(int userId, String reference, long at) {
        jdbc.inTransaction(c -> {
            ensureRow(c, userId);
            return Jdbc.update(c, "UPDATE mig33_profile SET display_picture = ?, display_picture_at = ? WHERE user_id = ?",
                    reference, at, userId);
        });
    }

    @Override
    public Map<String, Shown> shownTo(int ownerId) {
        Map<String, Shown> shown = new HashMap<>();
        jdbc.list("SELECT u.username, p.status_message, p.display_picture, p.status_message_at, p.display_picture_at"
                + " FROM mig33_contact c JOIN mig33_user u ON u.id = c.contact_user_id"
                + " JOIN mig33_profile p ON p.user_id = c.contact_user_id WHERE c.owner_id = ?",
                rs -> shown.put(rs.getString(1), shown(rs, 2)), ownerId);
        return shown;
    }

    private static Shown shown(ResultSet rs, int first) throws SQLException {
        return new Shown(rs.getString(first), rs.getString(first + 1), rs.getLong(first + 2), rs.getLong(first + 3));
    }

    @Override
    public Optional<Shown> shown(int userId) {
        return jdbc.one("SELECT status_message, display_picture, status_message_at, display_picture_at FROM mig33_profile"
                + " WHERE user_id = ?", rs -> shown(rs, 1), userId);
    }
}
