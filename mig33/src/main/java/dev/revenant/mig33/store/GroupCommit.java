package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Messages for recipients who are away, several senders' in one transaction: a commit is what a store pays
 * most for, so while one transaction is written the messages handed over meanwhile queue up and go in the
 * next, together. No thread and no timer of its own: the caller whose message finds nobody writing writes,
 * first its own message, then each batch that queued meanwhile, until the queue is empty; the other callers
 * return at once, with a stage that completes when their batch has committed. A message that finds nobody
 * writing is written at once, alone: a quiet server adds no wait. A batch is one round trip (the statements
 * go to the database together) and one commit. Up to {@code writers} callers write at once: one writer
 * leaves the database idle while its answers travel and its commit is flushed (PostgreSQL), and H2 runs
 * a writer's statements on one core.
 */
final class GroupCommit {
    private record Pending(String recipient, OfflineMessage message, int max, CompletableFuture<Kept> kept) {
        Object[] args() {
            return new Object[] {message.sender(), message.guid(), message.destinationType(), message.destination(),
                    message.contentType(), message.body(), message.sentAt(), recipient, message.sender(), max};
        }
    }

    private final Jdbc jdbc;
    private final JdbcOfflineMessageStore store;
    private final int perCommit;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final int writers;
    /** Callers writing the queue now (guarded by {@link #queue}). */
    private int writing;

    /**
     * @param perCommit the most messages one transaction takes
     * @param writers the most transactions written at once
     */
    GroupCommit(Jdbc jdbc, JdbcOfflineMessageStore store, int perCommit, int writers) {
        if (perCommit < 1 || writers < 1) {
            throw new IllegalArgumentException("perCommit and writers must be positive, not " + perCommit + " and "
                    + writers);
        }
        this.jdbc = jdbc;
        this.store = store;
        this.perCommit = perCommit;
        this.writers = writers;
    }

    CompletionStage<Kept> keep(String recipient, OfflineMessage message, int max) {
        Pending pending = new Pending(recipient, message, max, new CompletableFuture<>());
        synchronized (queue) {
            queue.add(pending);
            if (writing >= writers) {
                return pending.kept;
            }
            writing++;
        }
        writeUntilEmpty();
        return pending.kept;
    }

    private void writeUntilEmpty() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            synchronized (queue) {
                while (batch.size() < perCommit && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
                if (batch.isEmpty()) {
                    writing--;
                    return;
                }
            }
            try {
                write(batch);
            } catch (RuntimeException | Error e) {
                // nothing of the batch was committed: each sender is told so (and may send again)
                batch.forEach(p -> p.kept.completeExceptionally(e));
                if (e instanceof Error) {
                    synchronized (queue) {
                        writing--; // the next caller writes what is queued
                    }
                    throw e;
                }
            }
        }
    }

    private void write(List<Pending> batch) {
        int[] counts = jdbc.inTransaction(c -> {
            int[] n = Jdbc.batch(c, JdbcOfflineMessageStore.KEEP, batch.stream().map(Pending::args).toList());
            for (int i = 0; i < n.length; i++) {
                if (n[i] == Statement.SUCCESS_NO_INFO) {
                    // H2 and PostgreSQL count each row; a driver that does not is asked, before the commit
                    n[i] = Jdbc.list(c, "SELECT 1 FROM mig33_offline_message WHERE guid = ?", rs -> 1,
                            batch.get(i).message().guid()).size();
                }
            }
            return n;
        });
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            p.kept.complete(counts[i] == 1 ? Kept.STORED : store.whyNot(p.recipient(), p.message()));
        }
    }
}
