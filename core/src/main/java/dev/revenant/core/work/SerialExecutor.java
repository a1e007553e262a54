package dev.revenant.core.work;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one after another, in submission order, on a shared pool: one per session, so that a
 * session's requests are answered in order while sessions run in parallel.
 */
public final class SerialExecutor implements Executor {
    private final Executor pool;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>(2);
    private boolean running;

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        handOn();
    }

    /**
     * Runs {@code task} on the calling thread, now, if nothing of this executor's runs or waits; tasks handed
     * to {@link #execute} meanwhile wait for it, then go to the pool. False, and nothing run, when the executor
     * is busy: the caller then queues the task. A session's request that cannot block (a message to a user on
     * this node) is then served on its connection's thread, without the hand-off to a worker and back, and
     * still in its turn.
     *
     * @throws RejectedExecutionException when tasks queued meanwhile could not be handed to the pool (they are
     *     dropped, as {@link #execute} drops its own)
     */
    public boolean runHereIfIdle(Runnable task) {
        synchronized (this) {
            if (running) { // a waiting task always has one running ahead of it
                return false;
            }
            running = true;
        }
        try {
            task.run();
        } finally {
            boolean more;
            synchronized (this) {
                more = !queue.isEmpty();
                running = more;
            }
            if (more) {
                handOn();
            }
        }
        return true;
    }

    private void handOn() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                queue.clear();
                running = false;
            }
            throw e;
        }
    }

    /** Tasks waiting, not counting the one that runs. */
    public synchronized int pending() {
        return queue.size();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
