package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import dev.revenant.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@link OfflineMessageStore} on JDBC: a message is kept with two statements in one transaction (alone, or in
 * one shared with other senders' through {@link GroupCommit}), and a replayed batch is deleted with one.
 * The cap is a count per recipient ({@code mig33_offline_box}, migration V7), not a count of the box.
 */
public final class JdbcOfflineMessageStore implements OfflineMessageStore {
    /**
     * Makes room for one message: the recipient by name, not blocking the sender, with fewer than the cap
     * waiting. One row updated or none. The row stays locked until the commit, so a second transaction storing
     * for the same user waits here and then finds the count this one left (PostgreSQL and H2 both look at the
     * row again once they have its lock): the cap holds exactly under concurrent writers, on several nodes
     * too. No id is cached by name: an account can be deleted and its name taken again, and the user table
     * answers that itself.
     */
    static final String COUNT_IN = "UPDATE mig33_offline_box SET waiting = waiting + 1"
            + " WHERE recipient_id = (SELECT u.id FROM mig33_user u WHERE u.username = ?) AND waiting < ?"
            + " AND NOT EXISTS (SELECT 1 FROM mig33_permission p JOIN mig33_user s ON s.id = p.other_id"
            + " WHERE p.owner_id = mig33_offline_box.recipient_id AND s.username = ? AND p.permission = "
            + PermissionStore.BLOCK + ")";

    /** The message itself, once {@link #COUNT_IN} made room for it in the same transaction. */
    static final String INSERT = "INSERT INTO mig33_offline_message (recipient_id, sender, guid,"
            + " destination_type, destination, content_type, body, sent_at)"
            + " SELECT u.id, ?, ?, ?, ?, ?, ?, ? FROM mig33_user u WHERE u.username = ?";

    /** Why {@link #COUNT_IN} updated nothing (the rare path): is the sender blocked, has the user a count row. */
    private static final String WHY_NOT = "SELECT (SELECT COUNT(*) FROM mig33_permission p JOIN mig33_user s"
            + " ON s.id = p.other_id WHERE p.owner_id = u.id AND s.username = ? AND p.permission = "
            + PermissionStore.BLOCK + "), (SELECT COUNT(*) FROM mig33_offline_box b WHERE b.recipient_id = u.id)"
            + " FROM mig33_user u WHERE u.username = ?";

    /**
     * A count row for a user who has none (an account made other than by {@link JdbcAccountStore#create}),
     * counting what waits for them: without a row nothing could be kept for them.
     */
    private static final String OPEN_BOX = "INSERT INTO mig33_offline_box (recipient_id, waiting)"
            + " SELECT u.id, (SELECT COUNT(*) FROM mig33_offline_message m WHERE m.recipient_id = u.id)"
            + " FROM mig33_user u WHERE u.username = ?"
            + " AND NOT EXISTS (SELECT 1 FROM mig33_offline_box b WHERE b.recipient_id = u.id)";

    private static final String TAKE_OUT = "UPDATE mig33_offline_box SET waiting = waiting - ? WHERE recipient_id = ?";

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

    static Object[] countArgs(String recipient, OfflineMessage m, int max) {
        return new Object[] {recipient, max, m.sender()};
    }

    static Object[] insertArgs(String recipient, OfflineMessage m) {
        return new Object[] {m.sender(), m.guid(), m.destinationType(), m.destination(), m.contentType(), m.body(),
                m.sentAt(), recipient};
    }

    /**
     * Checks what {@link #INSERT} answered for messages {@link #COUNT_IN} counted in: each must have made a row,
     * else the counts would be off (the user was deleted meanwhile), and the whole transaction is rolled back.
     */
    static void checkInserted(int[] inserted) throws SQLException {
        for (int n : inserted) {
            // SUCCESS_NO_INFO: a driver that rewrites batched inserts does not count them; a failure throws
            if (n != 1 && n != Statement.SUCCESS_NO_INFO) {
                throw new SQLException("a message counted into its recipient's box was not inserted (" + n + ")");
            }
        }
    }

    @Override
    public Kept keep(String recipient, OfflineMessage m, int max) {
        Kept kept = keepOnce(recipient, m, max);
        return kept != null ? kept : refused(recipient, m, max);
    }

    /** STORED, or null when nothing was kept (then {@link #refused} tells why). */
    private Kept keepOnce(String recipient, OfflineMessage m, int max) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, COUNT_IN, countArgs(recipient, m, max)) != 1) {
                return null;
            }
            checkInserted(new int[] {Jdbc.update(c, INSERT, insertArgs(recipient, m))});
            return Kept.STORED;
        });
    }

    @Override
    public CompletionStage<Kept> keepTogether(String recipient, OfflineMessage message, int max) {
        return together.keep(recipient, message, max);
    }

    /**
     * Why {@link #COUNT_IN} made no room (the rare path): one read. A user with no count row gets one, and the
     * message is tried once more.
     */
    Kept refused(String recipient, OfflineMessage m, int max) {
        Optional<Kept> why = whyNot(recipient, m);
        if (why.isPresent()) {
            return why.get();
        }
        openBox(recipient);
        Kept kept = keepOnce(recipient, m, max);
        // the box can have emptied since (a replay): it was full when the update looked, and nothing was kept
        return kept != null ? kept : whyNot(recipient, m).orElse(Kept.BOX_FULL);
    }

    /** NO_SUCH_USER, BLOCKED or BOX_FULL, in the order the sender is told them; empty for a user with no count row. */
    private Optional<Kept> whyNot(String recipient, OfflineMessage m) {
        Optional<int[]> found = jdbc.one(WHY_NOT, rs -> new int[] {rs.getInt(1), rs.getInt(2)}, m.sender(), recipient);
        if (found.isEmpty()) {
            return Optional.of(Kept.NO_SUCH_USER);
        }
        int[] f = found.get();
        return f[0] > 0 ? Optional.of(Kept.BLOCKED) : f[1] > 0 ? Optional.of(Kept.BOX_FULL) : Optional.empty();
    }

    private void openBox(String recipient) {
        try {
            jdbc.update(OPEN_BOX, recipient);
        } catch (StoreUnavailableException e) {
            // another transaction made the row first (the primary key refused this one's): that is all we wanted
            if (jdbc.one("SELECT 1 FROM mig33_offline_box b JOIN mig33_user u ON u.id = b.recipient_id"
                    + " WHERE u.username = ?", rs -> 1, recipient).isEmpty()) {
                throw e;
            }
        }
    }

    /**
     * Recipient by recipient, each in a transaction that deletes their old messages and subtracts what it
     * deleted from their count: a message a replay deleted meanwhile is not subtracted twice.
     */
    @Override
    public int deleteSentBefore(long cutoff) {
        List<Integer> recipients = jdbc.list("SELECT DISTINCT recipient_id FROM mig33_offline_message WHERE sent_at < ?",
                rs -> rs.getInt(1), cutoff);
        int deleted = 0;
        for (int recipient : recipients) {
            deleted += jdbc.inTransaction(c -> takeOut(c, recipient, Jdbc.update(c,
                    "DELETE FROM mig33_offline_message WHERE recipient_id = ? AND sent_at < ?", recipient, cutoff)));
        }
        return deleted;
    }

    private static int takeOut(Connection c, int recipient, int deleted) throws SQLException {
        if (deleted > 0) {
            Jdbc.update(c, TAKE_OUT, deleted, recipient);
        }
        return deleted;
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
     * range, and a range would delete it unsent. The count goes down by the rows this delete took, in its
     * transaction: a second replay of the same messages (another login) takes nothing off twice.
     */
    @Override
    public void delivered(int recipientId, List<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        Object[] args = new Object[messageIds.size() + 1];
        args[0] = recipientId;
        for (int i = 0; i < messageIds.size(); i++) {
            args[i + 1] = messageIds.get(i);
        }
        jdbc.inTransaction(c -> takeOut(c, recipientId, Jdbc.update(c,
                "DELETE FROM mig33_offline_message WHERE recipient_id = ? AND id IN ("
                        + String.join(",", Collections.nCopies(messageIds.size(), "?")) + ")", args)));
    }
}
