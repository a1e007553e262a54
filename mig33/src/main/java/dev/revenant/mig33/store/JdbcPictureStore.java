package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.util.List;
import java.util.Optional;

/** {@link PictureStore} on JDBC; the bytes live in a BYTEA column (H2 and PostgreSQL). */
public final class JdbcPictureStore implements PictureStore {
    private static final String COLUMNS = "id, owner_id, token, content_type, size_bytes, description, in_album, created_at";
    private final Jdbc jdbc;

    public JdbcPictureStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public StoredPicture save(int ownerId, String token, String contentType, byte[] content, String description,
                              boolean inAlbum, long now) {
        long id = jdbc.insert("INSERT INTO mig33_picture (owner_id, token, content_type, size_bytes, description,"
                        + " in_album, created_at, content) VALUES (?,?,?,?,?,?,?,?)", "id",
                ownerId, token, contentType, content.length, description, inAlbum, now, content);
        return new StoredPicture(id, ownerId, token, contentType, content.length, description, inAlbum, now, new byte[0]);
    }

    @Override
    public Optional<StoredPicture> findByToken(String token) {
        return jdbc.one("SELECT " + COLUMNS + ", content FROM mig33_picture WHERE token = ?",
                rs -> new StoredPicture(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getBoolean(7), rs.getLong(8), rs.getBytes(9)), token);
    }

    @Override
    public Optional<StoredPicture> describe(String token) {
        return jdbc.one("SELECT " + COLUMNS + " FROM mig33_picture WHERE token = ?",
                rs -> new StoredPicture(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getBoolean(7), rs.getLong(8), new byte[0]), token);
    }

    @Override
    public void setDisplayPicture(int userId, long pictureId, long now) {
        // delete then insert in one transaction: the portable upsert for H2 and PostgreSQL
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM mig33_display_picture WHERE user_id = ?", userId);
            return Jdbc.update(c, "INSERT INTO mig33_display_picture (user_id, picture_id, set_at) VALUES (?,?,?)",
                    userId, pictureId, now);
        });
    }

    @Override
    public Optional<String> displayPicture(int userId) {
        return jdbc.one("SELECT p.token FROM mig33_display_picture d JOIN mig33_picture p ON p.id = d.picture_id"
                + " WHERE d.user_id = ?", rs -> rs.getString(1), userId);
    }

    @Override
    public void savePending(int recipientId, long pictureId, String sender, long now) {
        jdbc.update("INSERT INTO mig33_pending_file (recipient_id, picture_id, sender, sent_at) VALUES (?,?,?,?)",
                recipientId, pictureId, sender, now);
    }

    @Override
    public List<PendingFile> pending(int recipientId, long afterId, int limit) {
        return jdbc.list("SELECT f.id, f.sender, f.picture_id, p.token, p.content_type, p.size_bytes, f.sent_at"
                        + " FROM mig33_pending_file f JOIN mig33_picture p ON p.id = f.picture_id"
                        + " WHERE f.recipient_id = ? AND f.id > ? ORDER BY f.id FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new PendingFile(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getLong(7)), recipientId, afterId);
    }

    @Override
    public void delivered(long pendingId) {
        jdbc.update("DELETE FROM mig33_pending_file WHERE id = ?", pendingId);
    }

    @Override
    public int pendingCount(int recipientId) {
        return jdbc.one("SELECT COUNT(*) FROM mig33_pending_file WHERE recipient_id = ?", rs -> rs.getInt(1), recipientId)
                .orElse(0);
    }

    @Override
    public long storedBytes(int ownerId) {
        return jdbc.one("SELECT COALESCE(SUM(CAST(size_bytes AS BIGINT)), 0) FROM mig33_picture WHERE owner_id = ?",
                rs -> rs.getLong(1), ownerId).orElse(0L);
    }

    @Override
    public long storedBytes() {
        return jdbc.one("SELECT COALESCE(SUM(CAST(size_bytes AS BIGINT)), 0) FROM mig33_picture", rs -> rs.getLong(1))
                .orElse(0L);
    }

    @Override
    public long count() {
        return jdbc.one("SELECT COUNT(*) FROM mig33_picture", rs -> rs.getLong(1)).orElse(0L);
    }
}
