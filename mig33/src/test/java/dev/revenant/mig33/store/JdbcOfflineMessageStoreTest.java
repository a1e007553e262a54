package dev.revenant.mig33.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.core.testing.TestStores;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store of waiting messages on the real database (H2, or PostgreSQL under -Ppostgres): one statement
 * keeps a message or tells why not, and a replayed batch is deleted by its ids.
 */
class JdbcOfflineMessageStoreTest {
    @TempDir Path dir;
    Database database;
    Mig33Admin admin;
    Jdbc jdbc;
    JdbcOfflineMessageStore store;

    @BeforeEach
    void open() {
        database = Database.open(TestStores.fresh(), dir);
        admin = new Mig33Admin(database, SecretBox.open(dir.resolve("secret.key")), "Friends");
        for (String user : List.of("alice", "bob", "carol")) {
            admin.addUser(user, "S3cretPass1", null, null, false);
        }
        jdbc = new Jdbc(database.dataSource());
        store = new JdbcOfflineMessageStore(jdbc, 100, 1);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static OfflineMessage from(String sender, String to, String text) {
        return new OfflineMessage(0, sender, java.util.UUID.randomUUID().toString(), 1, to, 1, text, 1_000L);
    }

    private int id(String user) {
        return new JdbcAccountStore(jdbc, Clock.systemUTC()).find(user).orElseThrow().id();
    }

    private List<String> waitingFor(String user) {
        return store.waiting(id(user), 0, 1000).stream().map(OfflineMessage::body).toList();
    }

    @Test
    void keepsForAUserByNameAndTellsWhyNot() {
        assertThat(store.keep("bob", from("alice", "bob", "one"), 2)).isEqualTo(Kept.STORED);
        assertThat(store.keep("nobody", from("alice", "nobody", "lost"), 2)).isEqualTo(Kept.NO_SUCH_USER);

        new JdbcPermissionStore(jdbc, Clock.systemUTC()).set(id("bob"), id("carol"), PermissionStore.BLOCK);
        assertThat(store.keep("bob", from("carol", "bob", "from someone blocked"), 2)).isEqualTo(Kept.BLOCKED);
        // a block is between two users: alice still gets through
        assertThat(store.keep("bob", from("alice", "bob", "two"), 2)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", from("alice", "bob", "three"), 2)).isEqualTo(Kept.BOX_FULL);
        // blocked is told before full: the sender must not learn of a block, and a full box says nothing of one
        assertThat(store.keep("bob", from("carol", "bob", "blocked and full"), 2)).isEqualTo(Kept.BLOCKED);
        assertThat(waitingFor("bob")).containsExactly("one", "two");
        assertThat(waitingFor("carol")).isEmpty();
    }

    @Test
    void aNameTakenAgainAfterADeletionIsANewRecipient() {
        assertThat(store.keep("bob", from("alice", "bob", "for the old bob"), 10)).isEqualTo(Kept.STORED);
        admin.deleteUser("bob", true);
        assertThat(store.keep("bob", from("alice", "bob", "while there is no bob"), 10)).isEqualTo(Kept.NO_SUCH_USER);
        admin.addUser("bob", "S3cretPass1", null, null, false);
        assertThat(store.keep("bob", from("alice", "bob", "for the new bob"), 10)).isEqualTo(Kept.STORED);
        assertThat(waitingFor("bob")).containsExactly("for the new bob");
    }

    @Test
    void aDeliveredBatchIsDeletedByItsIdsSparingOneCommittedInsideItsRange() throws Exception {
        // ids are handed out at insert and committed in any order: bob's batch was read as ids 10 and 30, and
        // then the insert that had drawn id 20 committed. Deleting the batch must not take 20 with it
        int bob = id("bob");
        insertWithId(10, bob, "first");
        insertWithId(30, bob, "third");
        List<OfflineMessage> batch = store.waiting(bob, 0, 200);
        assertThat(batch).extracting(OfflineMessage::id).containsExactly(10L, 30L);
        insertWithId(20, bob, "committed late");

        store.delivered(batch.stream().map(OfflineMessage::id).toList());

        assertThat(waitingFor("bob")).containsExactly("committed late");
    }

    private void insertWithId(long id, int recipient, String body) {
        jdbc.update("INSERT INTO mig33_offline_message (id, recipient_id, sender, guid, destination_type, destination,"
                + " content_type, body, sent_at) VALUES (?,?,?,?,?,?,?,?,?)", id, recipient, "alice",
                java.util.UUID.randomUUID().toString(), 1, "bob", 1, body, 1_000L);
    }
}
