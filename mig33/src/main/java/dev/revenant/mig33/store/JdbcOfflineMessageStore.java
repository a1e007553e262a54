package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.util.List;

/** {@link OfflineMessageStore} on JDBC: each save is its own committed transaction. */
public final class JdbcOfflineMessageStore implements OfflineMessageStore {
    private final Jdbc jdbc;

    public JdbcOfflineMessageStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(int recipientId, OfflineMessage m) {
        jdbc.update("INSERT INTO mig33_offline_message (recipient_id, sender, guid, destination_type, destination,"
                        + " content_type, body, sent_at) VALUES (?,?,?,?,?,?,?,?)",
                recipientId, m.sender(), m.guid(), m.destinationType(), m.destination(), m.contentType(), m.body(),
                m.sentAt());
    }

    @Override
    public boolean saveWithin(int recipientId, OfflineMessage m, int max) {
        // one statement: the count and the insert see the same rows (two senders racing may pass the cap by
        // one each, never by more)
        return jdbc.update("INSERT INTO mig33_offline_message (recipient_id, sender, guid, destination_type, destination,"
                        + " content_type, body, sent_at) SELECT ?,?,?,?,?,?,?,? FROM (VALUES (0)) one"
                        + " WHERE (SELECT COUNT(*) FROM mig33_offline_message WHERE recipient_id = ?) < ?",
                recipientId, m.sender(), m.guid(), m.destinationType(), m.destination(), m.contentType(), m.body(),
                m.sentAt(), recipientId, max) == 1;
    }

    @Override
    public int deleteSentBefore(long cutoff) {
        return jdbc.update("DELETE FROM mig33_offline_message WHERE sent_at < ?", cutoff);
    }

    @Override
    public List<OfflineMessage> waiting(int recipientId, long afterId, int limit) {
        return jdbc.list("SELECT id, sender, guid, destination_type, destination, content_type, body, sent_at"
                        + " FROM mig33_offline_message WHERE recipient_id = ? AND id > ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new OfflineMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getLong(8)), recipientId, afterId);
    }

    @Override
    public void delivered(long messageId) {
        jdbc.update("DELETE FROM mig33_offline_message WHERE id = ?", messageId);
    }
}
