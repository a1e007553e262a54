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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages that waited for a user follow their first contact list; when the store fails on the way, they
 * follow the next contact list, not only the next login.
 */
class WaitingMessagesReplayTest {
    @TempDir
    Path dir;

    /** The store of waiting messages, whose reads fail while {@code down}. */
    private static OfflineMessageStore failingReads(OfflineMessageStore store, AtomicBoolean down) {
        return new OfflineMessageStore() {
            @Override
            public void save(int recipientId, OfflineMessage message) {
                store.save(recipientId, message);
            }

            @Override
            public boolean saveWithin(int recipientId, OfflineMessage message, int max) {
                return store.saveWithin(recipientId, message, max);
            }

            @Override
            public int deleteSentBefore(long cutoff) {
                return store.deleteSentBefore(cutoff);
            }

            @Override
            public List<OfflineMessage> waiting(int recipientId, long afterId, int limit) {
                if (down.get()) {
                    throw new StoreUnavailableException("cut for the test", new SQLException("connection lost"));
                }
                return store.waiting(recipientId, afterId, limit);
            }

            @Override
            public void delivered(long messageId) {
                store.delivered(messageId);
            }
        };
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

}
