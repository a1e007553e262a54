package dev.revenant.mig33.session;

import dev.revenant.core.work.Completed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands stored items (offline messages, pending file notices) to a session's connection and forgets each
 * one only once it has been written. The forgetting is done within the session's turn, before its next
 * request: so a client that logs out and straight back in never gets an item twice, and an item whose
 * write failed or did not finish stays stored for the next login.
 */
public final class StoredDeliveries {
    private StoredDeliveries() {}

    /** As {@link #deliverAll}, forgetting the written items one at a time. */
    public static <T> void deliver(List<T> items, Function<T, CompletionStage<Boolean>> send, Consumer<T> forget,
                            Duration patience) {
        deliverAll(items, send, written -> written.forEach(forget), patience);
    }

    /**
     * Sends every item, waits once (up to {@code patience}) for the whole batch's writes, then hands
     * {@code forget} the items whose write completed, in one call: a store deletes them with one statement
     * instead of one transaction each. Nothing is forgotten when nothing was written.
     *
     * @return whether every item was written: when not, the connection is going, and what follows would
     *         only be written into it to fail
     */
    public static <T> boolean deliverAll(List<T> items, Function<T, CompletionStage<Boolean>> send,
                               Consumer<List<T>> forget, Duration patience) {
        if (items.isEmpty()) {
            return true;
        }
        List<CompletableFuture<Boolean>> writes = new ArrayList<>(items.size());
        for (T item : items) {
            writes.add(send.apply(item).toCompletableFuture());
        }
        awaitAll(writes, patience);
        List<T> written = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            CompletableFuture<Boolean> write = writes.get(i);
            if (Completed.normally(write) && Boolean.TRUE.equals(write.join())) {
                written.add(items.get(i));
            }
        }
        if (!written.isEmpty()) {
            forget.accept(written);
        }
        return written.size() == items.size();
    }

    /** Until every write is done (written or failed) or {@code patience} has passed: one wait for the batch. */
    private static void awaitAll(List<CompletableFuture<Boolean>> writes, Duration patience) {
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a failed or late write is told apart per item by the caller's loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
