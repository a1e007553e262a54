package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link ChatRoomStore} on JDBC (H2 and PostgreSQL). */
public final class JdbcChatRoomStore implements ChatRoomStore {
    private static final String COLUMNS = "r.id, r.name, r.description, r.category, r.capacity, u.username,"
            + " r.language, r.adult, r.allow_kicking, r.keywords";
    private static final String FROM = " FROM mig33_chatroom r LEFT JOIN mig33_user u ON u.id = r.owner_id";

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcChatRoomStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<ChatRoomInfo> create(NewChatRoom r) {
        String key = ChatRoomInfo.key(r.name());
        return jdbc.inTransaction(c -> {
            if (!Jdbc.list(c, "SELECT id FROM mig33_chatroom WHERE name_key = ?", rs -> rs.getInt(1), key).isEmpty()) {
                return Optional.<ChatRoomInfo>empty();
            }
            long now = clock.millis();
            Jdbc.insert(c, "INSERT INTO mig33_chatroom (name, name_key, description, category, capacity, owner_id,"
                            + " language, adult, allow_kicking, keywords, created_at, last_used_at)"
                            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    "id", r.name().trim(), key, r.description(), r.category(), r.capacity(), r.ownerId(),
                    r.language(), r.adult(), r.allowKicking(), r.keywords(), now, now);
            return find(c, key);
        });
    }

    @Override
    public Optional<ChatRoomInfo> find(String name) {
        return jdbc.inTransaction(c -> find(c, ChatRoomInfo.key(name)));
    }

    private static Optional<ChatRoomInfo> find(Connection c, String key) throws SQLException {
        List<ChatRoomInfo> rows = rooms(c, "SELECT " + COLUMNS + FROM + " WHERE r.name_key = ?", key);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public boolean delete(String name) {
        return jdbc.update("DELETE FROM mig33_chatroom WHERE name_key = ?", ChatRoomInfo.key(name)) > 0;
    }

    @Override
    public void used(int roomId, long now) {
        jdbc.update("UPDATE mig33_chatroom SET last_used_at = ? WHERE id = ? AND last_used_at < ?", now, roomId, now);
    }

    @Override
    public List<String> userRoomsUnusedSince(long cutoff) {
        return jdbc.list("SELECT name FROM mig33_chatroom WHERE owner_id IS NOT NULL AND last_used_at < ? ORDER BY id",
                rs -> rs.getString(1), cutoff);
    }

    @Override
    public List<ChatRoomInfo> search(String text, int offset, int limit) {
        String like = like(text);
        return jdbc.inTransaction(c -> rooms(c, "SELECT " + COLUMNS + FROM
                + " WHERE r.name_key LIKE ? ESCAPE '!' OR LOWER(r.keywords) LIKE ? ESCAPE '!'"
                + " ORDER BY r.name_key OFFSET " + Math.max(0, offset) + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                like, like));
    }

    @Override
    public int count(String text) {
        String like = like(text);
        return jdbc.one("SELECT COUNT(*) FROM mig33_chatroom r"
                        + " WHERE r.name_key LIKE ? ESCAPE '!' OR LOWER(r.keywords) LIKE ? ESCAPE '!'",
                rs -> rs.getInt(1), like, like).orElse(0);
    }

    /** A LIKE pattern for "contains", with the user's own wildcards taken literally. */
    private static String like(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return "%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    @Override
    public List<ChatRoomInfo> inCategory(int category, int limit) {
        return jdbc.inTransaction(c -> rooms(c, "SELECT " + COLUMNS + FROM + " WHERE r.category = ?"
                + " ORDER BY r.name_key FETCH FIRST " + limit + " ROWS ONLY", category));
    }

    @Override
    public int countOwnedBy(int ownerId) {
        return jdbc.one("SELECT COUNT(*) FROM mig33_chatroom WHERE owner_id = ?", rs -> rs.getInt(1), ownerId).orElse(0);
    }

    @Override
    public boolean addAdministrator(int roomId, int userId) {
        return jdbc.inTransaction(c -> {
            if (!Jdbc.list(c, "SELECT 1 FROM mig33_chatroom_admin WHERE room_id = ? AND user_id = ?",
                    rs -> 1, roomId, userId).isEmpty()) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO mig33_chatroom_admin (room_id, user_id) VALUES (?,?)", roomId, userId);
            return true;
        });
    }

    @Override
    public boolean removeAdministrator(int roomId, int userId) {
        return jdbc.update("DELETE FROM mig33_chatroom_admin WHERE room_id = ? AND user_id = ?", roomId, userId) > 0;
    }

    @Override
    public boolean edit(int roomId, String description, int capacity, String language, boolean adult, boolean allowKicking,
                        String keywords) {
        return jdbc.update("UPDATE mig33_chatroom SET description = ?, capacity = ?, language = ?, adult = ?,"
                        + " allow_kicking = ?, keywords = ? WHERE id = ?",
                description, capacity, language, adult, allowKicking, keywords, roomId) > 0;
    }

    @Override
    public List<ChatRoomInfo> favourites(int userId) {
        return jdbc.inTransaction(c -> rooms(c, "SELECT " + COLUMNS + FROM
                + " JOIN mig33_chatroom_favourite f ON f.room_id = r.id WHERE f.user_id = ?"
                + " ORDER BY f.seq", userId));
    }

    @Override
    public int countFavourites(int userId) {
        return jdbc.one("SELECT COUNT(*) FROM mig33_chatroom_favourite WHERE user_id = ?", rs -> rs.getInt(1), userId)
                .orElse(0);
    }

    @Override
    public boolean addFavourite(int userId, int roomId) {
        return jdbc.inTransaction(c -> {
            if (!Jdbc.list(c, "SELECT 1 FROM mig33_chatroom_favourite WHERE user_id = ? AND room_id = ?",
                    rs -> 1, userId, roomId).isEmpty()) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO mig33_chatroom_favourite (user_id, room_id, added_at) VALUES (?,?,?)",
                    userId, roomId, clock.millis());
            return true;
        });
    }

    @Override
    public boolean removeFavourite(int userId, int roomId) {
        return jdbc.update("DELETE FROM mig33_chatroom_favourite WHERE user_id = ? AND room_id = ?", userId, roomId) > 0;
    }

    @Override
    public void ban(int roomId, String username, long until) {
        // delete + insert in one transaction: portable where MERGE and ON CONFLICT are not
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM mig33_chatroom_ban WHERE room_id = ? AND username = ?", roomId, username);
            Jdbc.update(c, "INSERT INTO mig33_chatroom_ban (room_id, username, banned_until) VALUES (?,?,?)",
                    roomId, username, until);
            return null;
        });
    }

    @Override
    public long bannedUntil(int roomId, String username) {
        return jdbc.one("SELECT banned_until FROM mig33_chatroom_ban WHERE room_id = ? AND username = ?",
                rs -> rs.getLong(1), roomId, username).orElse(0L);
    }

    private static List<ChatRoomInfo> rooms(Connection c, String sql, Object... args) throws SQLException {
        List<Object[]> rows = Jdbc.list(c, sql, JdbcChatRoomStore::row, args);
        ArrayList<ChatRoomInfo> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            int id = (Integer) r[0];
            List<String> admins = Jdbc.list(c, "SELECT u.username FROM mig33_chatroom_admin a"
                    + " JOIN mig33_user u ON u.id = a.user_id WHERE a.room_id = ? ORDER BY u.username", rs -> rs.getString(1), id);
            out.add(new ChatRoomInfo(id, (String) r[1], (String) r[2], (Integer) r[3], (Integer) r[4], (String) r[5],
                    admins, (String) r[6], (Boolean) r[7], (Boolean) r[8], (String) r[9]));
        }
        return out;
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        return new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getBoolean(9), rs.getString(10)};
    }
}
