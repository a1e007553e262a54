package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.ServerPackets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An answer handed to a connection from several threads is written in the order it was handed over. */
class SendInTurnTest {
    @TempDir Path dir;

    /**
     * A connection with a thread of its own, written as a Netty channel is: directly when the writer is on
     * that thread, as a task queued on it when not.
     */
    private static final class OwnThread extends LoopbackConnection {
        final List<Packet> written = new CopyOnWriteArrayList<>();
        final ExecutorService lane = Executors.newSingleThreadExecutor();
        volatile Thread laneThread;

        OwnThread() throws Exception {
            lane.submit(() -> laneThread = Thread.currentThread()).get();
        }

        @Override
        public CompletionStage<Boolean> send(Packet packet) {
            if (Thread.currentThread() == laneThread) {
                written.add(packet);
            } else {
                lane.execute(() -> written.add(packet));
            }
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public ExecutorService lane() {
            return lane;
        }

        @Override
        public void pushFromLane(Packet packet) {
            written.add(packet);
        }
    }

    @Test
    void anAnswerWrittenOnTheConnectionsOwnThreadDoesNotOvertakeOneQueuedThereBefore() throws Exception {
        try (FakeConnections server = new FakeConnections(dir)) {
            OwnThread connection = new OwnThread();
            Mig33Session session = server.service().open(connection);
            Packet first = ServerPackets.pong(1);
            Packet second = ServerPackets.pong(2);
            // the connection's thread is busy (writing a delivery); meanwhile another connection's event loop
            // hands it the first OK, and then the connection's own thread the second
            connection.lane.submit(() -> {
                CompletableFuture.runAsync(() -> session.sendInTurn(first)).join();
                session.sendInTurn(second);
            }).get();
            connection.lane.shutdown();
            assertThat(connection.lane.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.written).containsExactly(first, second);
        }
    }
}
