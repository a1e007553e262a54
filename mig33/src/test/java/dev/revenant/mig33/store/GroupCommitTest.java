package dev.revenant.mig33.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.core.testing.TestStores;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages for users who are away, several senders' in one transaction, on the real database (H2, or
 * PostgreSQL under -Ppostgres). The database is watched through its DataSource: how many messages each
 * transaction wrote, and the first write can be held until the others have queued behind it.
 */
class GroupCommitTest {
    @TempDir Path dir;
    Database database;
    Mig33Admin admin;
    /** Messages per executed batch, in order. */
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    /** How many of the first batches are held, each until {@link #release}. */
    volatile int holdWrites = 1;
    /** Counted down as each held batch starts executing. */
    volatile CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean failBatches;

    @BeforeEach
    void open() {
        database = Database.open(TestStores.fresh(), dir);
        admin = ThreeUsers.in(database, dir);
    }

    @AfterEach
    void close() {
        release.countDown();
        database.close();
    }

    private JdbcOfflineMessageStore store(int perCommit) {
        return store(perCommit, 1);
    }

    private JdbcOfflineMessageStore store(int perCommit, int writers) {
        return new JdbcOfflineMessageStore(new Jdbc(watched(database.dataSource())), perCommit, writers);
    }

    private static OfflineMessage from(String sender, String to, String text) {
        return new OfflineMessage(0, sender, UUID.randomUUID().toString(), 1, to, 1, text, 1_000L);
    }

    private List<String> waitingFor(String user) {
        Jdbc jdbc = new Jdbc(database.dataSource());
        int id = new JdbcAccountStore(jdbc, Clock.systemUTC()).find(user).orElseThrow().id();
        return new JdbcOfflineMessageStore(jdbc, 1, 1).waiting(id, 0, 1000).stream().map(OfflineMessage::body).toList();
    }

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** alice's first message is being written (held there); then {@code more} are handed over behind it. */
    private List<CompletionStage<Kept>> queuedBehindAWrite(JdbcOfflineMessageStore store, List<OfflineMessage> more,
                                                         int max) throws Exception {
        List<CompletionStage<Kept>> kept = new ArrayList<>();
        CompletableFuture<CompletionStage<Kept>> first = CompletableFuture.supplyAsync(
                () -> store.keepTogether("bob", from("alice", "bob", "first"), 1000));
        assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
        for (OfflineMessage m : more) {
            kept.add(store.keepTogether(m.destination(), m, max));
        }
        assertThat(kept).as("queued, not written: the first write still holds the store")
                .noneMatch(k -> k.toCompletableFuture().isDone());
        release.countDown();
        assertThat(done(first.get(30, TimeUnit.SECONDS))).isEqualTo(Kept.STORED);
        return kept;
    }

    @Test
    void messagesHandedOverDuringAWriteGoTogetherInTheNextUpToTheCap() throws Exception {
        JdbcOfflineMessageStore store = store(5);
        List<OfflineMessage> more = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            more.add(i % 2 == 1 ? from("alice", "carol", "m" + i) : from("carol", "alice", "m" + i));
        }
        List<CompletionStage<Kept>> kept = queuedBehindAWrite(store, more, 100);
        for (CompletionStage<Kept> k : kept) {
            assertThat(done(k)).isEqualTo(Kept.STORED);
        }
        // the first alone, then what queued meanwhile, at most mig33.offlineMessagesPerCommit in each
        assertThat(batches).containsExactly(1, 5, 5, 2);
        assertThat(waitingFor("bob")).containsExactly("first");
        assertThat(waitingFor("carol")).containsExactly("m1", "m3", "m5", "m7", "m9", "m11");
        assertThat(waitingFor("alice")).containsExactly("m2", "m4", "m6", "m8", "m10", "m12");
    }

    @Test
    void eachMessageOfASharedTransactionGetsItsOwnOutcome() throws Exception {
        JdbcOfflineMessageStore store = store(100);
        Jdbc jdbc = new Jdbc(database.dataSource());
        JdbcAccountStore accounts = new JdbcAccountStore(jdbc, Clock.systemUTC());
        new JdbcPermissionStore(jdbc, Clock.systemUTC()).set(accounts.find("carol").orElseThrow().id(),
                accounts.find("bob").orElseThrow().id(), PermissionStore.BLOCK);
        List<OfflineMessage> more = List.of(from("alice", "carol", "kept 1"), from("bob", "carol", "blocked"),
                from("alice", "nobody", "no such user"), from("alice", "carol", "kept 2"),
                from("alice", "carol", "kept 3"), from("alice", "carol", "one too many"));
        List<CompletionStage<Kept>> kept = queuedBehindAWrite(store, more, 3);
        List<Kept> outcomes = new ArrayList<>();
        for (CompletionStage<Kept> k : kept) {
            outcomes.add(done(k));
        }
        assertThat(batches).containsExactly(1, 6);
        assertThat(outcomes).containsExactly(Kept.STORED, Kept.BLOCKED, Kept.NO_SUCH_USER, Kept.STORED,
                Kept.STORED, Kept.BOX_FULL);
        assertThat(waitingFor("carol")).containsExactly("kept 1", "kept 2", "kept 3");
    }

    @Test
    void aTransactionTheStoreFailsFailsEachOfItsMessagesAndTheNextIsWrittenAgain() throws Exception {
        JdbcOfflineMessageStore store = store(100);
        holdWrites = 0;
        failBatches = true;
        CompletionStage<Kept> lost = store.keepTogether("bob", from("alice", "bob", "while the store is down"), 10);
        assertThatThrownBy(() -> done(lost)).hasCauseInstanceOf(StoreUnavailableException.class);
        failBatches = false;
        assertThat(done(store.keepTogether("bob", from("alice", "bob", "after"), 10))).isEqualTo(Kept.STORED);
        assertThat(waitingFor("bob")).containsExactly("after");
    }

    @Test
    void withTwoWritersASecondMessageIsWrittenWhileTheFirstIsAndTheRestQueue() throws Exception {
        JdbcOfflineMessageStore store = store(100, 2);
        holdWrites = 2;
        writing = new CountDownLatch(2);
        CompletableFuture<CompletionStage<Kept>> first = CompletableFuture.supplyAsync(
                () -> store.keepTogether("bob", from("alice", "bob", "first"), 1000));
        // to alice, not carol: a recipient's messages take the lane of their name's hash, and bob's and alice's
        // differ (bob's and carol's do not: the second would queue behind the first, as bob's messages below do)
        CompletableFuture<CompletionStage<Kept>> second = CompletableFuture.supplyAsync(
                () -> store.keepTogether("alice", from("carol", "alice", "second"), 1000));
        // both are being written at once; with one writer the second would wait in the queue instead
        assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
        List<CompletionStage<Kept>> queued = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            queued.add(store.keepTogether("bob", from("carol", "bob", "queued " + i), 1000));
        }
        assertThat(queued).noneMatch(k -> k.toCompletableFuture().isDone());
        release.countDown();
        assertThat(done(first.get(30, TimeUnit.SECONDS))).isEqualTo(Kept.STORED);
        assertThat(done(second.get(30, TimeUnit.SECONDS))).isEqualTo(Kept.STORED);
        for (CompletionStage<Kept> k : queued) {
            assertThat(done(k)).isEqualTo(Kept.STORED);
        }
        assertThat(batches).containsExactly(1, 1, 4);
        // two writers: alice's "first" and carol's batch may commit in either order (they are different senders,
        // whose order nothing promises; one sender's next message waits for the commit of the one before)
        assertThat(waitingFor("bob")).containsExactlyInAnyOrder("first", "queued 1", "queued 2", "queued 3", "queued 4");
        assertThat(waitingFor("bob")).filteredOn(t -> t.startsWith("queued"))
                .containsExactly("queued 1", "queued 2", "queued 3", "queued 4");
    }

    @Test
    void aCapOrWritersBelowOneAreRefused() {
        assertThatThrownBy(() -> store(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the watched DataSource ----

    private DataSource watched(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(real, method, args);
                    return result instanceof Connection c ? watched(c) : result;
                });
    }

    /** Only the statement that counts messages in is watched: it comes first in each shared transaction. */
    private Connection watched(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = call(real, method, args);
                    return result instanceof PreparedStatement ps && JdbcOfflineMessageStore.COUNT_IN.equals(args[0])
                            ? watched(ps) : result;
                });
    }

    private PreparedStatement watched(PreparedStatement real) {
        int[] added = {0};
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("addBatch") && (args == null || args.length == 0)) {
                added[0]++;
            } else if (method.getName().equals("executeBatch")) {
                if (failBatches) {
                    throw new SQLException("cut for the test");
                }
                batches.add(added[0]);
                if (batches.size() <= holdWrites) {
                    writing.countDown();
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                }
            }
            return call(real, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, h);
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
