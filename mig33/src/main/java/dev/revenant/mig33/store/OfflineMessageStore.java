package dev.revenant.mig33.store;

import java.util.List;

/** Messages waiting for their recipient's next login. */
public interface OfflineMessageStore {
    /** Stores durably; returns only once the message is committed. */
    void save(int recipientId, OfflineMessage message);

    /** The recipient's waiting messages after {@code afterId}, oldest first. */
    List<OfflineMessage> waiting(int recipientId, long afterId, int limit);

    void delivered(long messageId);
}
