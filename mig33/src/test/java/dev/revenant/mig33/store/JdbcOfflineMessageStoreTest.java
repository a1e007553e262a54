package dev.revenant.mig33.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.core.testing.TestStores;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store of waiting messages on the real database (H2, or PostgreSQL under -Ppostgres): a message is kept
 * or told why not, the cap holds exactly against a count per recipient that replay and expiry lower, and a
 * replayed batch is deleted by its ids.
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
        admin = ThreeUsers.in(database, dir);
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

    /**
     * The operator deletes a user while a message to them is being stored: the message's transaction has made
     * room in the user's box (and holds that row) when the delete comes. On PostgreSQL, a delete that locked
     * the user row first then waited for the box row, while the message's insert waited for the user row: a
     * deadlock, and one of the two aborted.
     */
    @Test
    void deletingARecipientWhileAMessageToThemIsBeingStoredWaitsForItAndDeadlocksNothing() throws Exception {
        int bob = id("bob");
        OfflineMessage m = from("alice", "bob", "as bob is deleted");
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try (java.sql.Connection storing = database.dataSource().getConnection()) {
            storing.setAutoCommit(false);
            assertThat(Jdbc.update(storing, JdbcOfflineMessageStore.COUNT_IN,
                    JdbcOfflineMessageStore.countArgs("bob", m, 10))).isEqualTo(1);

            Future<Boolean> deleted = operator.submit(() -> new JdbcAccountStore(jdbc, Clock.systemUTC()).delete("bob"));
            awaitSomeoneWaitingForALock();
            // the message's transaction goes on: its insert must not wait for the delete
            JdbcOfflineMessageStore.checkInserted(new int[] {Jdbc.update(storing, JdbcOfflineMessageStore.INSERT,
                    JdbcOfflineMessageStore.insertArgs("bob", m))});
            storing.commit();

            assertThat(deleted.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            operator.shutdownNow();
        }
        assertThat(jdbc.one("SELECT COUNT(*) FROM mig33_offline_message WHERE recipient_id = ?", rs -> rs.getInt(1), bob))
                .contains(0);
        assertThat(store.keep("bob", from("alice", "bob", "after"), 10)).isEqualTo(Kept.NO_SUCH_USER);
    }

    /** Until another connection waits for a row lock: the delete has reached the row the test holds. */
    private void awaitSomeoneWaitingForALock() throws InterruptedException {
        String waiting = isPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (jdbc.one(waiting, rs -> rs.getInt(1)).orElse(0) == 0) {
            assertThat(System.nanoTime()).as("the delete waiting for the row the test holds").isLessThan(deadline);
            // a condition polled, not a time waited for: the other connection's state is only seen by asking
            Thread.sleep(20);
        }
    }

    private boolean isPostgres() {
        try (java.sql.Connection c = database.dataSource().getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
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

        store.delivered(bob, batch.stream().map(OfflineMessage::id).toList());

        assertThat(waitingFor("bob")).containsExactly("committed late");
        assertThat(counted("bob")).isEqualTo(1);
    }

    /** A row as storing makes it: the message, and one more in the recipient's count. */
    private void insertWithId(long id, int recipient, String body) {
        jdbc.update("INSERT INTO mig33_offline_message (id, recipient_id, sender, guid, destination_type, destination,"
                + " content_type, body, sent_at) VALUES (?,?,?,?,?,?,?,?,?)", id, recipient, "alice",
                java.util.UUID.randomUUID().toString(), 1, "bob", 1, body, 1_000L);
        jdbc.update("UPDATE mig33_offline_box SET waiting = waiting + 1 WHERE recipient_id = ?", recipient);
    }

    /** The recipient's count of waiting messages, which the cap is checked against. */
    private int counted(String user) {
        return jdbc.one("SELECT waiting FROM mig33_offline_box WHERE recipient_id = ?", rs -> rs.getInt(1), id(user))
                .orElseThrow();
    }

    private static OfflineMessage sentAt(String sender, String to, String text, long at) {
        return new OfflineMessage(0, sender, java.util.UUID.randomUUID().toString(), 1, to, 1, text, at);
    }

    @Test
    void theCapRefusesExactlyAtTheMostAlsoInASharedTransaction() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertThat(store.keep("bob", from("alice", "bob", "m" + i), 3)).isEqualTo(Kept.STORED);
        }
        assertThat(store.keep("bob", from("alice", "bob", "one too many"), 3)).isEqualTo(Kept.BOX_FULL);
        assertThat(store.keepTogether("bob", from("carol", "bob", "one too many, together"), 3)
                .toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(Kept.BOX_FULL);
        // a higher cap (the setting changed) lets one more in
        assertThat(store.keepTogether("bob", from("carol", "bob", "m4"), 4)
                .toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(Kept.STORED);
        assertThat(waitingFor("bob")).containsExactly("m1", "m2", "m3", "m4");
        assertThat(counted("bob")).isEqualTo(4);
        assertThat(counted("carol")).isZero();
    }

    @Test
    void aReplayMakesRoomForAsManyAsItDeletedAndNoMore() {
        for (int i = 1; i <= 3; i++) {
            assertThat(store.keep("bob", from("alice", "bob", "m" + i), 3)).isEqualTo(Kept.STORED);
        }
        List<Long> firstTwo = store.waiting(id("bob"), 0, 2).stream().map(OfflineMessage::id).toList();
        store.delivered(id("bob"), firstTwo);
        assertThat(counted("bob")).isEqualTo(1);
        // the same messages delivered again (a second login replayed them too): nothing more is taken off
        store.delivered(id("bob"), firstTwo);
        assertThat(counted("bob")).isEqualTo(1);

        assertThat(store.keep("bob", from("alice", "bob", "m4"), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", from("alice", "bob", "m5"), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", from("alice", "bob", "one too many"), 3)).isEqualTo(Kept.BOX_FULL);
        assertThat(waitingFor("bob")).containsExactly("m3", "m4", "m5");
    }

    @Test
    void expiryMakesRoomForAsManyAsItDeletedInEachBox() {
        assertThat(store.keep("bob", sentAt("alice", "bob", "old 1", 1_000L), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", sentAt("alice", "bob", "old 2", 1_500L), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", sentAt("alice", "bob", "new", 5_000L), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("carol", sentAt("alice", "carol", "old", 1_000L), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", sentAt("alice", "bob", "full", 6_000L), 3)).isEqualTo(Kept.BOX_FULL);

        assertThat(store.deleteSentBefore(2_000L)).isEqualTo(3);

        assertThat(counted("bob")).isEqualTo(1);
        assertThat(counted("carol")).isZero();
        assertThat(store.keep("bob", sentAt("alice", "bob", "room again 1", 7_000L), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", sentAt("alice", "bob", "room again 2", 7_000L), 3)).isEqualTo(Kept.STORED);
        assertThat(store.keep("bob", sentAt("alice", "bob", "full again", 7_000L), 3)).isEqualTo(Kept.BOX_FULL);
        assertThat(waitingFor("bob")).containsExactly("new", "room again 1", "room again 2");
    }

    /**
     * Senders on two nodes (two stores on one database, each with two writers), alone and in shared
     * transactions, all at once to one recipient: exactly the cap is kept, every other message is refused.
     */
    @Test
    void concurrentSendersOnTwoNodesNeverPassTheCap() throws Exception {
        int cap = 40;
        int threads = 8;
        int each = 25;
        JdbcOfflineMessageStore other = new JdbcOfflineMessageStore(jdbc, 100, 2);
        List<JdbcOfflineMessageStore> nodes = List.of(new JdbcOfflineMessageStore(jdbc, 100, 2), other);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Kept>>> sent = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sent.add(pool.submit(() -> {
                    assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
                    JdbcOfflineMessageStore node = nodes.get(thread % 2);
                    List<CompletableFuture<Kept>> together = new ArrayList<>();
                    List<Kept> outcomes = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        OfflineMessage m = from("alice", "bob", thread + "/" + i);
                        if ((thread / 2) % 2 == 0) {
                            outcomes.add(node.keep("bob", m, cap));
                        } else {
                            together.add(node.keepTogether("bob", m, cap).toCompletableFuture());
                        }
                    }
                    for (CompletableFuture<Kept> k : together) {
                        outcomes.add(k.get(30, TimeUnit.SECONDS));
                    }
                    return outcomes;
                }));
            }
            start.countDown();
            List<Kept> outcomes = new ArrayList<>();
            for (Future<List<Kept>> f : sent) {
                outcomes.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(k -> k == Kept.STORED).hasSize(cap);
            assertThat(outcomes).filteredOn(k -> k == Kept.BOX_FULL).hasSize(threads * each - cap);
        } finally {
            pool.shutdownNow();
        }
        assertThat(waitingFor("bob")).hasSize(cap);
        assertThat(counted("bob")).isEqualTo(cap);
    }

    @Test
    void aUserWithNoCountRowGetsOneCountingWhatWaits() {
        assertThat(store.keep("bob", from("alice", "bob", "waited before the count"), 2)).isEqualTo(Kept.STORED);
        jdbc.update("DELETE FROM mig33_offline_box WHERE recipient_id = ?", id("bob"));

        assertThat(store.keep("bob", from("alice", "bob", "kept"), 2)).isEqualTo(Kept.STORED);
        assertThat(counted("bob")).isEqualTo(2);
        assertThat(store.keep("bob", from("alice", "bob", "one too many"), 2)).isEqualTo(Kept.BOX_FULL);
        assertThat(waitingFor("bob")).containsExactly("waited before the count", "kept");
    }
}
