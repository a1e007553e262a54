package dev.revenant.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CompletedTest {
    @Test
    void onlyAStageThatHasCompletedWithAValueIsSaidToHaveCompletedNormally() {
        assertThat(Completed.normally(CompletableFuture.completedFuture(false))).isTrue();
        assertThat(Completed.normally(new CompletableFuture<>())).as("still running").isFalse();
        assertThat(Completed.normally(CompletableFuture.failedFuture(new IllegalStateException()))).as("failed").isFalse();
        // a minimal stage is a CompletableFuture that throws when asked whether it is done
        assertThat(Completed.normally(CompletableFuture.completedStage(true))).as("cannot be asked").isFalse();
    }
}
