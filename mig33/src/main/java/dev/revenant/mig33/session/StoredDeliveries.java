package dev.revenant.mig33.session;

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

    public static <T> void deliver(List<T> items, Function<T, CompletionStage<Boolean>> send, Consumer<T> forget,
                            Duration patience) {
        List<CompletableFuture<Boolean>> writes = new ArrayList<>(items.size());
        for (T item : items) {
            writes.add(send.apply(item).toCompletableFuture());
        }
        long deadline = System.nanoTime() + patience.toNanos();
        for (int i = 0; i < items.size(); i++) {
            if (written(writes.get(i), deadline)) {
                forget.accept(items.get(i));
            }
        }
    }

    private static boolean written(CompletableFuture<Boolean> write, long deadline) {
        try {
            return write.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
