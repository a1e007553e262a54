package dev.revenant.mig33.server;

import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.session.Connection;
import dev.revenant.mig33.session.Mig33Session;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's end of mig33 over HTTP. There is no socket to write to between requests: what the service
 * sends waits here, and the phone's next request (a packet, or an empty HTTP_POLL) takes it all in its
 * answer. A packet counts as written once it waits here, as one written to a TCP socket counts before the
 * phone has read it.
 */
final class PolledConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(PolledConnection.class);

    private final String id;
    private final String host;
    private final String address;
    private final int maxWaiting;
    private final Runnable onOverflow;
    /** The session's requests and the answer that follows them run in order, off the event loop. */
    final SerialExecutor serial;
    private final ArrayDeque<Packet> waiting = new ArrayDeque<>();
    /** Of {@link #waiting}, the pushes (transaction id 0): what {@code maxQueuedPackets} bounds. */
    private int pushesWaiting;
    private Mig33Session session;
    private volatile long lastRequestNanos;
    private volatile boolean loggedIn;
    /** The session has ended; what still waits is handed out once more, to the next request. */
    private volatile boolean ended;
    private volatile long endedNanos;
    /** What to do once a packet with {@link #awaitedTxn} waits; guarded by {@link #waiting}. */
    private Runnable onAnswer;
    private int awaitedTxn;
    /** Set when the waiting packets overflowed; guarded by {@link #waiting}. */
    private boolean cutOff;
    private final AtomicBoolean expiring = new AtomicBoolean();

    /**
     * @param onOverflow counts a phone that let more than {@code maxWaiting} pushes pile up
     */
    PolledConnection(String id, String host, String address, int maxWaiting, SerialExecutor serial,
            Runnable onOverflow, long nowNanos) {
        this.id = id;
        this.host = host;
        this.address = address;
        this.maxWaiting = maxWaiting;
        this.serial = serial;
        this.onOverflow = onOverflow;
        this.lastRequestNanos = nowNanos;
    }

    void attach(Mig33Session s) {
        session = s;
    }

    Mig33Session session() {
        return session;
    }

    String id() {
        return id;
    }

    void requested(long nowNanos) {
        lastRequestNanos = nowNanos;
    }

    long lastRequestNanos() {
        return lastRequestNanos;
    }

    boolean isLoggedIn() {
        return loggedIn;
    }

    boolean isEnded() {
        return ended;
    }

    long endedNanos() {
        return endedNanos;
    }

    /** True the first time only: the sweep ends an idle session once, however often it meets it. */
    boolean startExpiring() {
        return expiring.compareAndSet(false, true);
    }

    /** Everything waiting, oldest first; the queue is empty after. */
    List<Packet> takeWaiting() {
        synchronized (waiting) {
            List<Packet> all = List.copyOf(waiting);
            waiting.clear();
            pushesWaiting = 0;
            return all;
        }
    }

    /**
     * Runs {@code then} once a packet answering {@code txn} waits, or the session has ended: at once if so
     * already. Some answers come after their request was handled (a message's OK waits for the recipient's
     * connection), and the request's own HTTP answer should carry them rather than the next poll.
     */
    void whenAnswered(int txn, Runnable then) {
        synchronized (waiting) {
            if (!ended && waiting.stream().noneMatch(p -> p.txn() == txn)) {
                awaitedTxn = txn;
                onAnswer = then;
                return;
            }
        }
        then.run();
    }

    @Override
    public CompletionStage<Boolean> send(Packet packet) {
        Runnable answered = null;
        boolean queued = false;
        boolean overflow = false;
        synchronized (waiting) {
            if (ended || cutOff) {
                return CompletableFuture.completedFuture(false);
            }
            // only pushes count: a request's own answer (its txn) is as large as the request asked for, e.g.
            // a contact list of maxContacts, and is taken by that request's HTTP answer
            boolean push = packet.txn() == ServerPackets.PUSH;
            if (!push || pushesWaiting < maxWaiting) {
                waiting.add(packet);
                pushesWaiting += push ? 1 : 0;
                queued = true;
                if (onAnswer != null && packet.txn() == awaitedTxn) {
                    answered = onAnswer;
                    onAnswer = null;
                }
            } else {
                // past the bound by one: the phone's next request learns why it was cut off
                cutOff = true;
                overflow = true;
                waiting.add(ServerPackets.sessionTerminated("You did not fetch your messages in time"));
            }
        }
        if (answered != null) {
            answered.run();
        }
        if (overflow) {
            // the phone stopped fetching while packets kept coming: a reader that does not read, as on TCP
            log.info("event=slow_reader_disconnected remote={} transport=http waiting={}", address, maxWaiting);
            onOverflow.run();
            close();
        }
        return CompletableFuture.completedFuture(queued);
    }

    /** Ends the session now (its user goes offline); what waits is still given to the next request. */
    @Override
    public void close() {
        Runnable answered;
        synchronized (waiting) {
            if (ended) {
                return;
            }
            ended = true;
            endedNanos = System.nanoTime();
            answered = onAnswer;
            onAnswer = null;
        }
        if (answered != null) {
            answered.run();
        }
        try {
            serial.execute(session::closed);
        } catch (RejectedExecutionException e) {
            // a full or stopped pool: the user must still be let go of. Closing touches no store.
            session.closed();
        }
    }

    @Override
    public void loggedIn() {
        loggedIn = true;
    }

    @Override
    public String remoteHost() {
        return host;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public String sessionId() {
        return id;
    }

    @Override
    public String transport() {
        return "http";
    }
}
