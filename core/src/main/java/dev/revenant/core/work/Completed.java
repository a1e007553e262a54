package dev.revenant.core.work;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What a stage already says, asked without waiting and without making another stage to hear it. */
public final class Completed {
    private Completed() {}

    /**
     * Whether {@code stage} has completed, and not by failing: its value may be read at once. False for a stage
     * still running, a failed one, and one that cannot be asked: not a {@link CompletableFuture}, or a minimal
     * stage ({@link CompletableFuture#completedStage}), which is one but refuses the question.
     */
    public static boolean normally(CompletionStage<?> stage) {
        if (!(stage instanceof CompletableFuture<?> f)) {
            return false;
        }
        try {
            return f.isDone() && !f.isCompletedExceptionally();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
