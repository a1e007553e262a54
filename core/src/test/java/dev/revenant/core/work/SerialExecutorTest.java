package dev.revenant.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void runsTasksInSubmissionOrderOnAParallelPool() throws Exception {
        ExecutorService pool = Workers.pool("test", 4, 10_000);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> seen.add(n));
            }
            serial.execute(done::countDown);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A pool that runs nothing until told: what is queued, and when, is seen exactly. */
    private static final class HeldPool implements Executor {
        final List<Runnable> handed = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            handed.add(task);
        }

        void runAll() {
            while (!handed.isEmpty()) {
                handed.remove(0).run();
            }
        }
    }

    @Test
    void runsATaskOnTheCallingThreadWhenIdleAndKeepsWhatCameMeanwhileBehindIt() {
        HeldPool pool = new HeldPool();
        SerialExecutor serial = new SerialExecutor(pool);
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();

        boolean ran = serial.runHereIfIdle(() -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            seen.add("here");
            serial.execute(() -> seen.add("queued meanwhile")); // another thread's task, arriving while it runs
            assertThat(pool.handed).as("queued behind the running task, not beside it").isEmpty();
        });

        assertThat(ran).isTrue();
        assertThat(seen).containsExactly("here");
        assertThat(pool.handed).as("handed to the pool once the task here is done").hasSize(1);
        pool.runAll();
        assertThat(seen).containsExactly("here", "queued meanwhile");
        assertThat(serial.runHereIfIdle(() -> seen.add("idle again"))).isTrue();
        assertThat(seen).endsWith("idle again");
    }

    @Test
    void runsNothingHereWhileATaskWaitsOrRuns() {
        HeldPool pool = new HeldPool();
        SerialExecutor serial = new SerialExecutor(pool);
        List<String> seen = new ArrayList<>();
        serial.execute(() -> seen.add("first"));

        assertThat(serial.runHereIfIdle(() -> seen.add("overtaking"))).isFalse();
        assertThat(seen).isEmpty();
        pool.runAll();
        assertThat(seen).containsExactly("first");
        assertThat(serial.runHereIfIdle(() -> seen.add("second"))).isTrue();
        assertThat(seen).containsExactly("first", "second");
    }

    @Test
    void aTaskThatFailsHereStillLetsTheQueueGoOn() {
        HeldPool pool = new HeldPool();
        SerialExecutor serial = new SerialExecutor(pool);
        List<String> seen = new ArrayList<>();
        try {
            serial.runHereIfIdle(() -> {
                serial.execute(() -> seen.add("after the failure"));
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the caller's to answer
        }
        pool.runAll();
        assertThat(seen).containsExactly("after the failure");
        assertThat(serial.runHereIfIdle(() -> seen.add("idle"))).isTrue();
    }
}
