package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Messages for recipients who are away, several senders' in one transaction: a commit is what a store pays
 * most for, so while one transaction is written the messages handed over meanwhile queue up and go in the
 * next, together. No thread and no timer of its own: the caller whose message finds nobody writing writes,
 * first its own message, then each batch that queued meanwhile, until the queue is empty; the other callers
 * return at once, with a stage that completes when their batch has committed. A message that finds nobody
 * writing is written at once, alone: a quiet server adds no wait. A batch is two round trips (each statement
 * goes to the database for the whole batch together) and one commit.
 *
 * <p>Up to {@code writers} transactions are written at once, one per lane: one writer leaves the database
 * idle while its answers travel and its commit is flushed (PostgreSQL), and H2 runs a writer's statements on
 * one core. A recipient's messages always take the same lane (by the name's hash): storing locks the
 * recipient's count row until the commit, and two lanes sharing recipients would wait for each other's
 * commits instead of writing side by side.
 */
final class GroupCommit {
    private record Pending(String recipient, OfflineMessage message, int max, CompletableFuture<Kept> kept) {}

    /** Messages waiting for a lane's next transaction, and whether a caller writes them now (guarded by itself). */
    private static final class Lane {
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        boolean writing;
    }

    /**
     * A transaction takes its recipients' count rows in name order: a transaction of another node's (which
     * may share recipients with this one) takes them in the same order, so neither can hold a row the other
     * waits for while waiting for one the other holds.
     */
    private static final Comparator<Pending> LOCK_ORDER = Comparator.comparing(Pending::recipient);

    private final Jdbc jdbc;
    private final JdbcOfflineMessageStore store;
    private final int perCommit;
    private final Lane[] lanes;

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
        this.lanes = new Lane[writers];
        for (int i = 0; i < writers; i++) {
            lanes[i] = new Lane();
        }
    }

    CompletionStage<Kept> keep(String recipient, OfflineMessage message, int max) {
        Pending pending = new Pending(recipient, message, max, new CompletableFuture<>());
        Lane lane = lanes[Math.floorMod(recipient.hashCode(), lanes.length)];
        synchronized (lane) {
            lane.queue.add(pending);
            if (lane.writing) {
                return pending.kept;
            }
            lane.writing = true;
        }
        writeUntilEmpty(lane);
        return pending.kept;
    }

    private void writeUntilEmpty(Lane lane) {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            synchronized (lane) {
                while (batch.size() < perCommit && !lane.queue.isEmpty()) {
                    batch.add(lane.queue.poll());
                }
                if (batch.isEmpty()) {
                    lane.writing = false;
                    return;
                }
            }
            try {
                write(batch);
            } catch (RuntimeException | Error e) {
                // nothing of the batch was committed: each sender is told so (and may send again)
                batch.forEach(p -> p.kept.completeExceptionally(e));
                if (e instanceof Error) {
                    synchronized (lane) {
                        lane.writing = false; // the next caller writes what is queued
                    }
                    throw e;
                }
            }
        }
    }

    private void write(List<Pending> queued) {
        // a stable sort: one recipient's messages keep the order they were handed over in
        List<Pending> batch = queued.stream().sorted(LOCK_ORDER).toList();
        int[] counted = jdbc.inTransaction(c -> {
            int[] n = Jdbc.batch(c, JdbcOfflineMessageStore.COUNT_IN, batch.stream()
                    .map(p -> JdbcOfflineMessageStore.countArgs(p.recipient, p.message, p.max)).toList());
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < n.length; i++) {
                if (n[i] != 0 && n[i] != 1) {
                    // H2 and PostgreSQL count each row; without the count nobody knows which messages have room
                    throw new SQLException("the store did not say which messages were counted in (" + n[i] + ")");
                }
                if (n[i] == 1) {
                    rows.add(JdbcOfflineMessageStore.insertArgs(batch.get(i).recipient, batch.get(i).message));
                }
            }
            if (!rows.isEmpty()) {
                JdbcOfflineMessageStore.checkInserted(Jdbc.batch(c, JdbcOfflineMessageStore.INSERT, rows));
            }
            return n;
        });
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            p.kept.complete(counted[i] == 1 ? Kept.STORED : store.refused(p.recipient, p.message, p.max));
        }
    }
}
