package dev.revenant.loadgen;

import dev.revenant.core.store.Database;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * mig33 offline messages, stored and replayed. The first half of the users log in and send private
 * messages to the second half, who are not logged in: each message is stored, and the sender's OK says it
 * was. Then the second half logs in and the stored messages are replayed to them. Against an in-process
 * server the store's own pace is measured first in the same run: plain JDBC, one prepared INSERT of the
 * same row into the same table, committed each time, on as many connections as the server's pool has.
 */
final class OfflineMessages {
    /** The baseline's rows carry this sender; they are deleted before the scenario sends anything. */
    static final String BASELINE_SENDER = "bench-jdbc-baseline";
    private static final String INSERT = "INSERT INTO mig33_offline_message (recipient_id, sender, guid, destination_type,"
            + " destination, content_type, body, sent_at) VALUES (?,?,?,?,?,?,?,?)";

    private final BenchSettings s;
    private final PrintStream out;

    OfflineMessages(BenchSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    private void progress(String what) {
        out.println("bench: " + what);
        out.flush();
    }

    /** @param store the in-process server (its store), or null for a --target server */
    BenchResult run(InetSocketAddress server, LocalRevenant store) {
        BenchResult r = new BenchResult("mig33-offline");
        int senders = s.users() / 2;
        int recipients = s.users() - senders;
        if (senders < 1) {
            throw new IllegalArgumentException("mig33-offline needs --users 2 or more (half send, half receive)");
        }
        r.put("senders", senders).put("recipients", recipients);
        Baseline baseline = null;
        if (store != null) {
            baseline = jdbcBaseline(store, senders, recipients);
            r.put("jdbcConnections", baseline.connections()).put("jdbcInserts", baseline.inserts())
                    .put("jdbcInsertsPerSecond", baseline.perSecond());
        }
        long stored;
        try (Mig33Fleet fleet = new Mig33Fleet(java.util.List.of(server), s.sources(), s.clientThreads(), s.netTransport(),
                senders)) {
            progress("connecting " + senders + " senders");
            Mig33Fleet.Ramp ramp = fleet.connect(s.ramp(), s.parallel(), (i, c) -> {
                c.login(BenchUsers.mig33Name(i), BenchUsers.PASSWORD);
                c.contacts();
            }, s.rampBudget());
            MessageTraffic traffic = new MessageTraffic(senders, s.maxInFlight());
            for (int i = 0; i < senders; i++) {
                Mig33Client c = fleet.get(i);
                if (c != null) {
                    c.listen(traffic.listener(i));
                }
            }
            r.put("sendersConnected", ramp.connected());
            if (ramp.firstError() != null) {
                r.put("firstLoginError", ramp.firstError());
            }
            progress("sending " + senders * s.rate() + " messages/s to offline users for " + s.warmup().toSeconds()
                    + " s warm-up + " + s.duration().toSeconds() + " s" + (s.count() > 0 ? " or " + s.count() + " messages" : ""));
            MessageTraffic.Window w = traffic.run(fleet, senders * s.rate(), (c, i, seq, text) -> {
                String to = BenchUsers.mig33Name(senders + (int) ((i + seq * senders) % recipients));
                return c.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, to).int16(6, 1).string(8, text).build();
            }, s.warmup(), s.duration(), s.count());
            stored = traffic.acked.sum();
            double perSecond = w.seconds() > 0 ? w.acked() / w.seconds() : 0.0;
            r.put("messagesSent", traffic.sent.sum()).put("sendsSkippedBackpressure", traffic.skipped.sum())
                    .put("maxInFlightPerSender", s.maxInFlight()).put("storedOk", stored)
                    .put("answersError", traffic.errors.sum()).put("deliveredOnline", traffic.delivered.sum())
                    .put("windowSeconds", w.seconds()).put("storedPerSecond", perSecond);
            if (traffic.firstError.get() != null) {
                r.put("firstError", traffic.firstError.get());
            }
            if (baseline != null && baseline.perSecond() > 0) {
                r.put("storedOfJdbc", perSecond / baseline.perSecond());
            }
        }
        replay(r, server, senders, recipients, stored);
        if (store != null) {
            r.put("leftInStoreAfterReplay", waitingRows(store));
        }
        r.note("stored = a MESSAGE to a user who is not logged in, answered OK once kept (storedPerSecond counts "
                + "OKs in the measured window); replay = the recipients log in and get what waited");
        if (baseline != null) {
            r.note("jdbcInsertsPerSecond: plain JDBC in this run, one prepared INSERT of the same row into "
                    + "mig33_offline_message, auto-commit, " + baseline.connections() + " connections (the server's pool size)");
        }
        return r;
    }

    /** The recipients log in; every MESSAGE they get counts, until all that was stored came or 10 s pass without one. */
    private void replay(BenchResult r, InetSocketAddress server, int senders, int recipients, long expected) {
        LongAdder replayed = new LongAdder();
        AtomicLong lastAt = new AtomicLong();
        long start = System.nanoTime();
        try (Mig33Fleet fleet = new Mig33Fleet(java.util.List.of(server), s.sources(), s.clientThreads(), s.netTransport(),
                recipients)) {
            progress("replay: " + recipients + " recipients log in for " + expected + " stored messages");
            Mig33Fleet.Ramp ramp = fleet.connect(s.ramp(), s.parallel(), (i, c) -> {
                c.listen(p -> {
                    if (p.type() != PacketType.MESSAGE) {
                        return false; // the login's own answers stay in the mailbox
                    }
                    replayed.increment();
                    lastAt.set(System.nanoTime());
                    return true;
                });
                c.login(BenchUsers.mig33Name(senders + i), BenchUsers.PASSWORD);
                c.contacts();
            }, s.rampBudget());
            long quietSince = System.nanoTime();
            long seen = -1;
            while (replayed.sum() < expected) {
                long now = replayed.sum();
                if (now != seen) {
                    seen = now;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(10)) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            double seconds = (Math.max(lastAt.get(), start) - start) / 1e9;
            r.put("recipientsConnected", ramp.connected()).put("replayed", replayed.sum())
                    .put("replaySeconds", seconds).put("replayedPerSecond", seconds > 0 ? replayed.sum() / seconds : 0.0);
            if (ramp.firstError() != null) {
                r.put("firstReplayError", ramp.firstError());
            }
        }
    }

    /** What plain JDBC did: inserts committed in the window, on how many connections, per second. */
    record Baseline(int connections, long inserts, double perSecond) {}

    private Baseline jdbcBaseline(LocalRevenant store, int senders, int recipients) {
        String url = Database.jdbcUrl(store.database(), store.dataDir());
        int connections = store.database().poolSize();
        List<Integer> ids = recipientIds(store, url, senders, recipients);
        progress("plain JDBC baseline: INSERT + commit on " + connections + " connections for " + s.warmup().toSeconds()
                + " s warm-up + " + s.duration().toSeconds() + " s");
        LongAdder inserts = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long warmEnd = start + s.warmup().toNanos();
        long end = warmEnd + s.duration().toNanos();
        Repeaters.Window w = Repeaters.run(connections, "bench-jdbc", thread -> () -> {
            try (Connection c = connect(store, url); PreparedStatement insert = c.prepareStatement(INSERT)) {
                c.setAutoCommit(true);
                long n = 0;
                while (System.nanoTime() < end) {
                    insert.setInt(1, ids.get((int) ((thread + n * connections) % ids.size())));
                    insert.setString(2, BASELINE_SENDER);
                    insert.setString(3, "jdbc-" + start + "-" + thread + "-" + n);
                    insert.setInt(4, 1);
                    insert.setString(5, "someone");
                    insert.setInt(6, 1);
                    insert.setString(7, Latency.stamp());
                    insert.setLong(8, System.currentTimeMillis());
                    insert.executeUpdate();
                    inserts.increment();
                    n++;
                }
            } catch (SQLException e) {
                firstError.compareAndSet(null, e.toString());
            }
        }, s.warmup(), inserts);
        if (firstError.get() != null) {
            throw new IllegalStateException("the plain JDBC baseline failed: " + firstError.get());
        }
        try (Connection c = connect(store, url); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM mig33_offline_message WHERE sender = '" + BASELINE_SENDER + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete the baseline's rows", e);
        }
        return new Baseline(connections, w.counted(), w.perSecond());
    }

    private static Connection connect(LocalRevenant store, String url) throws SQLException {
        return DriverManager.getConnection(url, store.database().user(), store.database().password());
    }

    /** The recipients' user ids (the baseline's rows go to the same users the scenario writes to). */
    private static List<Integer> recipientIds(LocalRevenant store, String url, int senders, int recipients) {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = connect(store, url);
             PreparedStatement q = c.prepareStatement("SELECT id FROM mig33_user WHERE username = ?")) {
            for (int i = 0; i < recipients; i++) {
                q.setString(1, BenchUsers.mig33Name(senders + i));
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the recipients from the store", e);
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no recipients in the store");
        }
        return ids;
    }

    /**
     * Rows still waiting in the store once the replay's deletes settle (each replayed message is deleted
     * after its write, so the count drops a little after the last delivery): at most 5 s.
     */
    private static long waitingRows(LocalRevenant store) {
        String url = Database.jdbcUrl(store.database(), store.dataDir());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = -1;
        try (Connection c = connect(store, url); Statement st = c.createStatement()) {
            while (true) {
                long now;
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM mig33_offline_message")) {
                    rs.next();
                    now = rs.getLong(1);
                }
                if (now == 0 || now == last || System.nanoTime() > deadline) {
                    return now;
                }
                last = now;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
