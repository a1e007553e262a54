package dev.revenant.mig33.service.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.session.FakeConnections;
import dev.revenant.mig33.session.FakeConnections.Phone;
import dev.revenant.mig33.store.OfflineMessage;
import dev.revenant.mig33.store.OfflineMessageStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages that waited for a user follow their first contact list; when the store fails on the way, they
 * follow the next contact list, not only the next login.
 */
class WaitingMessagesReplayTest {
    @TempDir
    Path dir;

    /** A store of waiting messages that hands every call on to {@code store}; the tests change one call each. */
    private static class Forwarding implements OfflineMessageStore {
        final OfflineMessageStore store;

        Forwarding(OfflineMessageStore store) {
            this.store = store;
        }

        @Override
        public Kept keep(String recipient, OfflineMessage message, int max) {
            return store.keep(recipient, message, max);
        }

        @Override
        public CompletionStage<Kept> keepTogether(String recipient, OfflineMessage message, int max) {
            return store.keepTogether(recipient, message, max);
        }

        @Override
        public int deleteSentBefore(long cutoff) {
            return store.deleteSentBefore(cutoff);
        }

        @Override
        public List<OfflineMessage> waiting(int recipientId, long afterId, int limit) {
            return store.waiting(recipientId, afterId, limit);
        }

        @Override
        public void delivered(int recipientId, List<Long> messageIds) {
            store.delivered(recipientId, messageIds);
        }
    }

    /** The store of waiting messages, whose reads fail while {@code down}. */
    private static OfflineMessageStore failingReads(OfflineMessageStore store, AtomicBoolean down) {
        return new Forwarding(store) {
            @Override
            public List<OfflineMessage> waiting(int recipientId, long afterId, int limit) {
                if (down.get()) {
                    throw new StoreUnavailableException("cut for the test", new SQLException("connection lost"));
                }
                return store.waiting(recipientId, afterId, limit);
            }
        };
    }

    /** The store of waiting messages, noting the size of each batch of deletes it is asked for. */
    private static OfflineMessageStore countingDeletes(OfflineMessageStore store, List<Integer> deletes) {
        return new Forwarding(store) {
            @Override
            public void delivered(int recipientId, List<Long> messageIds) {
                deletes.add(messageIds.size());
                store.delivered(recipientId, messageIds);
            }
        };
    }

    /** Keeps {@code count} messages from alice for bob, "waiting 1" first. */
    private static List<String> keepForBob(OfflineMessageStore store, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String text = "waiting " + i;
            assertThat(store.keep("bob", new OfflineMessage(0, "alice", UUID.randomUUID().toString(), 1, "bob", 1,
                    text, i), 1000)).isEqualTo(OfflineMessageStore.Kept.STORED);
            texts.add(text);
        }
        return texts;
    }

    private static List<String> texts(Phone p) {
        return p.connection().sent.stream().filter(x -> x.type() == PacketType.MESSAGE).map(x -> x.string(8)).toList();
    }

    @Test
    void aReplayTheStoreCutShortIsTriedAgainAtTheNextContactList() {
        AtomicBoolean down = new AtomicBoolean();
        try (FakeConnections server = new FakeConnections(dir, store -> failingReads(store, down))) {
            server.register("alice", "bob");
            Phone alice = server.loggedIn("alice");
            alice.send(new Request.PrivateMessage(7, 1, "bob", 1, "are you there?"));
            assertThat(alice.connection().answerTo(7).type()).isEqualTo(PacketType.OK);

            Phone bob = server.loggedIn("bob");
            down.set(true);
            bob.send(new Request.GetContacts(8, 0));
            assertThat(bob.connection().errorTo(8)).isEqualTo("The service is temporarily unavailable. Please try again.");
            assertThat(texts(bob)).isEmpty();

            down.set(false);
            bob.send(new Request.GetContacts(9, 0));
            assertThat(texts(bob)).containsExactly("are you there?");
            // handed over once: a later contact list brings nothing again
            bob.send(new Request.GetContacts(10, 0));
            assertThat(texts(bob)).containsExactly("are you there?");
        }
    }

    @Test
    void aReplayDeletesEachBatchWithOneStatementOnceItWasWritten() {
        List<Integer> deletes = new CopyOnWriteArrayList<>();
        AtomicReference<OfflineMessageStore> store = new AtomicReference<>();
        try (FakeConnections server = new FakeConnections(dir, real -> {
            store.set(real);
            return countingDeletes(real, deletes);
        })) {
            server.register("alice", "bob");
            List<String> sent = keepForBob(store.get(), 450);

            Phone bob = server.loggedIn("bob");
            bob.send(new Request.GetContacts(8, 0));
            assertThat(texts(bob)).containsExactlyElementsOf(sent);
            // batches of 200: three deletes, not one per message
            assertThat(deletes).containsExactly(200, 200, 50);
            int bobId = bob.session().account().id();
            assertThat(store.get().waiting(bobId, 0, 1000)).isEmpty();
        }
    }

    @Test
    void whatTheConnectionDidNotWriteStaysStoredAndFollowsTheNextLoginOnce() {
        List<Integer> deletes = new CopyOnWriteArrayList<>();
        AtomicReference<OfflineMessageStore> store = new AtomicReference<>();
        try (FakeConnections server = new FakeConnections(dir, real -> {
            store.set(real);
            return countingDeletes(real, deletes);
        })) {
            server.register("alice", "bob");
            List<String> sent = keepForBob(store.get(), 450);

            // the phone goes away in the middle of the second batch
            Phone bob = server.loggedIn("bob");
            bob.connection().cutAfterMessages(250);
            bob.send(new Request.GetContacts(8, 0));
            assertThat(texts(bob)).containsExactlyElementsOf(sent.subList(0, 250));
            int bobId = bob.session().account().id();
            assertThat(store.get().waiting(bobId, 0, 1000)).extracting(OfflineMessage::body)
                    .containsExactlyElementsOf(sent.subList(250, 450));
            // a batch that was not all written ends the replay: the third batch is not sent into a closed connection
            assertThat(deletes).containsExactly(200, 50);
            assertThat(bob.connection().failedWrites).hasValue(150);

            Phone again = server.loggedIn("bob");
            again.send(new Request.GetContacts(9, 0));
            assertThat(texts(again)).containsExactlyElementsOf(sent.subList(250, 450));
            assertThat(store.get().waiting(bobId, 0, 1000)).isEmpty();
        }
    }
}
