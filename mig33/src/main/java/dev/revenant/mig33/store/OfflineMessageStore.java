package dev.revenant.mig33.store;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Messages waiting for their recipient's next login. */
public interface OfflineMessageStore {
    /** What became of a message handed to {@link #keep}. */
    enum Kept {
        /** Committed: it waits for the recipient's next login. */
        STORED,
        /** No user has that name: nothing was stored. */
        NO_SUCH_USER,
        /** The recipient blocks the sender: nothing was stored (and the sender must not be told). */
        BLOCKED,
        /** The recipient's box held the most messages it may: nothing was stored. */
        BOX_FULL
    }

    /**
     * Stores {@code message} for the user called {@code recipient} (committed on return), unless there is no
     * such user, they block {@code message.sender()}, or {@code max} messages wait for them already (exactly:
     * also when several transactions store for them at once). The lookup, the block check and the cap are
     * conditions of the statement that counts the message in, not statements of their own.
     */
    Kept keep(String recipient, OfflineMessage message, int max);

    /**
     * {@link #keep}, in a transaction shared with the messages other senders hand over meanwhile: completes
     * once that has committed (exceptionally, with {@link dev.revenant.core.store.StoreUnavailableException},
     * when the store failed it). A sender's messages keep their order as long as each is handed over only
     * after the previous one completed.
     */
    CompletionStage<Kept> keepTogether(String recipient, OfflineMessage message, int max);

    /**
     * Deletes every waiting message sent before {@code cutoff} (ms since the epoch), making room for as many
     * in their recipients' boxes; how many.
     */
    int deleteSentBefore(long cutoff);

    /** The recipient's waiting messages after {@code afterId}, oldest first. */
    List<OfflineMessage> waiting(int recipientId, long afterId, int limit);

    /**
     * Deletes these messages of {@code recipientId}'s (they were written to their connection), in one
     * statement, and makes room for as many in their box.
     */
    void delivered(int recipientId, List<Long> messageIds);
}
