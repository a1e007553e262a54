package dev.revenant.mig33.store;

import java.util.List;

/** Messages waiting for their recipient's next login. */
public interface OfflineMessageStore {
    /** Stores durably; returns only once the message is committed. */
    void save(int recipientId, OfflineMessage message);

    /**
     * Stores durably (committed on return) unless {@code max} messages wait for the recipient already; false
     * when the box was full and nothing was stored.
     */
    boolean saveWithin(int recipientId, OfflineMessage message, int max);

    /** Deletes every waiting message sent before {@code cutoff} (ms since the epoch); how many. */
    int deleteSentBefore(long cutoff);

    /** The recipient's waiting messages after {@code afterId}, oldest first. */
    List<OfflineMessage> waiting(int recipientId, long afterId, int limit);

    void delivered(long messageId);
}
