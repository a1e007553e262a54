package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What follows a message's delivery: answered in turn, and answered even when it cannot run. */
class AfterEarlierSendsTest {
    @TempDir Path dir;

    private static final Executor FULL = task -> {
        throw new RejectedExecutionException("queue full");
    };

    private static Request.PrivateMessage message(int txn) {
        return new Request.PrivateMessage(txn, 1, "bob", 1, "hello " + txn);
    }

    private static FakeConnections.Phone aliceLoggedIn(FakeConnections server) {
        server.register("alice");
        return server.loggedIn("alice");
    }

    @Test
    void aMessageWhoseStoringTheFullWorkerPoolRefusesIsAnsweredWithAnErrorAndTheNextStillGoes() {
        try (FakeConnections server = new FakeConnections(dir)) {
            FakeConnections.Phone alice = aliceLoggedIn(server);
            Mig33Session s = alice.session();

            // not delivered, so it is to be stored on a worker, and the pool takes nothing more
            s.afterEarlierSends(message(5), CompletableFuture.completedFuture(false), delivered -> delivered,
                    delivered -> {
                        throw new AssertionError("an outcome the pool refused must not run");
                    }, FULL);
            // the sender's next message is not stuck behind it
            s.afterEarlierSends(message(6), CompletableFuture.completedFuture(false), delivered -> delivered,
                    delivered -> {
                        s.send(ServerPackets.messageAccepted(6, "g6", 0));
                        return CompletableFuture.completedFuture(null);
                    }, Runnable::run);

            assertThat(alice.connection().answerTo(5).type()).isEqualTo(PacketType.ERROR);
            assertThat(alice.connection().errorTo(5)).contains("too busy");
            assertThat(alice.connection().answerTo(6).type()).isEqualTo(PacketType.OK);
        }
    }

    /**
     * The session keeps its last follow-up until its next message (which waits on it), but not the message:
     * every sender's last message, kept so, was most of what a young collection had to copy while messages
     * flowed.
     */
    @Test
    void aFinishedFollowUpLetsGoOfItsMessage() {
        try (FakeConnections server = new FakeConnections(dir)) {
            FakeConnections.Phone alice = aliceLoggedIn(server);
            Mig33Session s = alice.session();
            Request.PrivateMessage m = message(8);
            WeakReference<Request> sent = new WeakReference<>(m);
            // written a moment later, as a delivery to another loop's connection is: the follow-up is then kept
            CompletableFuture<Boolean> written = new CompletableFuture<>();

            s.afterEarlierSends(m, written, delivered -> delivered, delivered -> {
                s.send(ServerPackets.messageAccepted(8, "g8", 0));
                return CompletableFuture.completedFuture(null);
            }, Runnable::run);
            m = null;
            written.complete(true);
            assertThat(alice.connection().answerTo(8).type()).isEqualTo(PacketType.OK);

            for (int i = 0; i < 20 && sent.get() != null; i++) {
                System.gc(); // a request nothing holds any more is gone after a full collection or two
            }
            assertThat(sent.get()).as("the answered message, still held by the session").isNull();
        }
    }

    @Test
    void anOutcomeThatFailsOfItselfIsAnsweredWithAnError() {
        try (FakeConnections server = new FakeConnections(dir)) {
            FakeConnections.Phone alice = aliceLoggedIn(server);

            alice.session().afterEarlierSends(message(7), CompletableFuture.completedFuture(true),
                    delivered -> delivered, delivered -> {
                        throw new IllegalStateException("a bug");
                    }, Runnable::run);

            assertThat(alice.connection().errorTo(7)).contains("could not be done");
        }
    }
}
