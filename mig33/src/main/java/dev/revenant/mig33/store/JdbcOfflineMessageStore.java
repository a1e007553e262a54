package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@link OfflineMessageStore} on JDBC: a message is kept with one statement (alone, or in a transaction
 * shared with other senders' through {@link GroupCommit}), and a replayed batch is deleted with one.
 */
public final class JdbcOfflineMessageStore implements OfflineMessageStore {
    /**
     * The recipient by name, not blocking the sender, with room in their box: one statement, where a lookup,
     * a block check and a capped insert were three round trips. The count and the insert see the same rows,
     * the earlier ones of its own transaction included (two transactions racing may pass the cap by one
     * each, never by more). No id is cached by
     * name: an account can be deleted and its name taken again, and the user table answers that itself.
     */
    static final String KEEP = "INSERT INTO mig33_offline_message (recipient_id, sender, guid,"
            + " destination_type, destination, content_type, body, sent_at)"
            + " SELECT u.id, ?, ?, ?, ?, ?, ?, ? FROM mig33_user u WHERE u.username = ?"
            + " AND NOT EXISTS (SELECT 1 FROM mig33_permission p JOIN mig33_user s ON s.id = p.other_id"
            + " WHERE p.owner_id = u.id AND s.username = ? AND p.permission = " + PermissionStore.BLOCK + ")"
            + " AND (SELECT COUNT(*) FROM mig33_offline_message w WHERE w.recipient_id = u.id) < ?";

    /** Why nothing was inserted (the rare path): read once, in the order the checks are told to the sender. */
    private static final String WHY_NOT = "SELECT (SELECT COUNT(*) FROM mig33_permission p JOIN mig33_user s"
            + " ON s.id = p.other_id WHERE p.owner_id = u.id AND s.username = ? AND p.permission = "
            + PermissionStore.BLOCK + ") FROM mig33_user u WHERE u.username = ?";

    private final Jdbc jdbc;
    private final GroupCommit together;

    /**
     * @param perCommit the most messages {@link #keepTogether} writes in one transaction
     * @param writers the most such transactions written at once
     */
    public JdbcOfflineMessageStore(Jdbc jdbc, int perCommit, int writers) {
        this.jdbc = jdbc;
        this.together = new GroupCommit(jdbc, this, perCommit, writers);
    }

    @Override
    public Kept keep(String recipient, OfflineMessage m, int max) {
        if (jdbc.update(KEEP, m.sender(), m.guid(), m.destinationType(), m.destination(), m.contentType(), m.body(),
                m.sentAt(), recipient, m.sender(), max) == 1) {
            return Kept.STORED;
        }
        return whyNot(recipient, m);
    }

    @Override
    public CompletionStage<Kept> keepTogether(String recipient, OfflineMessage message, int max) {
        return together.keep(recipient, message, max);
    }

    /** Why {@link #KEEP} inserted nothing: one read, on the rare path. */
    Kept whyNot(String recipient, OfflineMessage m) {
        // the box can have emptied since (a replay): it was full when the insert looked, and nothing was kept
        return jdbc.one(WHY_NOT, rs -> rs.getInt(1) > 0 ? Kept.BLOCKED : Kept.BOX_FULL, m.sender(), recipient)
                .orElse(Kept.NO_SUCH_USER);
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

    /**
     * By their ids, not by a range ({@code id <= last}): ids are handed out at insert and committed in any
     * order, so a message committed just after the replay read its batch can have an id inside the batch's
     * range, and a range would delete it unsent.
     */
    @Override
    public void delivered(List<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        jdbc.update("DELETE FROM mig33_offline_message WHERE id IN ("
                + String.join(",", Collections.nCopies(messageIds.size(), "?")) + ")", messageIds.toArray());
    }
}
