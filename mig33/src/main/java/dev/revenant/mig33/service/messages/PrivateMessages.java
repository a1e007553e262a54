package dev.revenant.mig33.service.messages;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.work.Completed;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.MessageGuids;
import dev.revenant.mig33.session.MessageText;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.StoredDeliveries;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.OfflineMessage;
import dev.revenant.mig33.store.OfflineMessageStore;
import dev.revenant.mig33.store.OfflineMessageStore.Kept;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-to-one messages (spec §6). An online recipient gets the message straight from memory; the sender's
 * OK waits until it was written to the recipient's connection, or, if the recipient is away or the write
 * failed, until it was stored durably for the recipient's next login.
 */
public final class PrivateMessages {
    private static final Logger log = LoggerFactory.getLogger(PrivateMessages.class);
    static final int MESSAGE_TYPE_MIG33 = 1;
    static final int MESSAGE_TYPE_OFFLINE = 9;
    static final int DESTINATION_PRIVATE = 1;
    static final int CONTENT_TEXT = 1;
    private static final int BATCH = 200;

    private final Mig33Config config;
    private final OfflineMessageStore offlineStore;
    private final MessageBus bus;
    private final Executor workers;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Counted once per message: looked up once, not per message by name and tags. */
    private final Counter deliveredOnline;
    /** Counts a live text once its recipient's connection took it (one instance, shared by every message). */
    private final Function<Boolean, Boolean> countedIfWritten;

    public PrivateMessages(Mig33Config config, OfflineMessageStore offlineStore,
                    MessageBus bus, Executor workers, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.offlineStore = offlineStore;
        this.bus = bus;
        this.workers = workers;
        this.clock = clock;
        this.meters = meters;
        this.deliveredOnline = meters.counter("revenant.mig33.messages", "path", "online");
        this.countedIfWritten = written -> {
            if (written) {
                deliveredOnline.increment();
            }
            return written;
        };
    }

    /** Registers the private text's handler, and how a live one reaches its recipient. */
    public void register(Dispatch d) {
        d.loggedIn(Request.PrivateMessage.class, this::send);
        // to a user on this node, a text is handed to their session in memory: nothing to wait for (a failed
        // write is stored on a worker)
        d.quick(Request.PrivateMessage.class, r -> bus.holdsHere(Mig33Context.SERVICE, Usernames.normalize(r.destination())));
        d.push(Push.PrivateText.class, this::receive);
    }

    void send(Mig33Session s, Request.PrivateMessage r) {
        if (r.destinationType() != DESTINATION_PRIVATE || r.contentType() != CONTENT_TEXT) {
            s.error(r, "Not supported");
            return;
        }
        String text = MessageText.accepted(s, r, r.text(), config.maxMessageLength());
        if (text == null) {
            return;
        }
        String to = Usernames.normalize(r.destination());
        Account me = s.account();
        long now = clock.millis();
        String guid = MessageGuids.next(now);
        // a recipient who blocks the sender gets nothing, not even later; the sender gets the usual OK so that it
        // cannot tell. The recipient's session drops it as it delivers (receive), here or on another node, and
        // one who is offline is checked before storing (store): asking first was a third lookup a message
        // the source is always the logged-in user, whatever the client put in field 2
        Delivery delivery = new Push.PrivateText(MESSAGE_TYPE_MIG33, me.username(), to, text, guid, now).toDelivery();
        int txn = r.txn();
        // the answer waits for the recipient's connection, off this thread: a slow recipient must not hold
        // up the sender's other requests; it follows the answers to the sender's earlier messages. The OK for
        // a delivered message goes out where the write finished; storing one is a worker's job
        s.afterEarlierSends(r, failedAsNotDelivered(deliver(s, to, delivery)),
                delivered -> delivered, delivered -> {
            if (delivered) {
                s.sendInTurn(ServerPackets.messageAccepted(txn, guid, now));
                return DONE;
            }
            return store(s, r, to, guid, text, now);
        }, workers);
    }

    /**
     * Hands the text to the recipient's session: on this node from memory; elsewhere through the bus, which may
     * ask another node's directory, so not on the sender's connection thread (a request served there because its
     * recipient was here, who logged out or moved meanwhile, goes the long way on a worker).
     */
    private CompletionStage<Boolean> deliver(Mig33Session s, String to, Delivery delivery) {
        CompletionStage<Boolean> here = bus.deliverHere(Mig33Context.SERVICE, to, delivery);
        if (here != null) {
            return here;
        }
        if (s.connection().inLane()) {
            return CompletableFuture.supplyAsync(() -> bus.deliver(Mig33Context.SERVICE, to, delivery), workers)
                    .thenCompose(delivered -> delivered);
        }
        return bus.deliver(Mig33Context.SERVICE, to, delivery);
    }

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /** A delivery that failed is one to store; one that has already succeeded needs no stage to say so. */
    private static CompletionStage<Boolean> failedAsNotDelivered(CompletionStage<Boolean> delivered) {
        if (Completed.normally(delivered)) {
            return delivered;
        }
        return delivered.exceptionally(e -> false);
    }

    /**
     * Keeps the message for a recipient who is away, answered once it committed. One statement, which also
     * finds the recipient and asks whether they block the sender (a session asks its own memory as it
     * delivers), in a transaction shared with the messages other senders store meanwhile.
     */
    private CompletionStage<Void> store(Mig33Session s, Request r, String to, String guid, String text, long now) {
        OfflineMessage m = new OfflineMessage(0, s.account().username(), guid, DESTINATION_PRIVATE, to, CONTENT_TEXT,
                text, now);
        CompletionStage<Kept> kept;
        try {
            kept = offlineStore.keepTogether(to, m, config.maxOfflineMessages());
        } catch (RuntimeException e) {
            kept = CompletableFuture.failedFuture(e);
        }
        return kept.handle((k, e) -> {
            if (e == null) {
                answer(s, r, to, guid, now, k);
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                log.warn("event=message_failed user={} reason=\"{}\"", LogText.escape(s.account().username()),
                        LogText.escape(cause.getMessage()));
                s.error(r, "The message could not be sent. Please try again.");
            }
            return null;
        });
    }

    private void answer(Mig33Session s, Request r, String to, String guid, long now, Kept kept) {
        switch (kept) {
            case NO_SUCH_USER -> s.error(r, "There is no mig33 user called " + to);
            case BLOCKED -> {
                meters.counter("revenant.mig33.messages", "path", "blocked").increment();
                s.send(ServerPackets.messageAccepted(r.txn(), guid, now));
            }
            // a full box is said so: the sender must not get an OK for a message that is then lost
            case BOX_FULL -> {
                meters.counter("revenant.mig33.messages", "path", "box_full").increment();
                s.error(r, to + "'s message box is full: your message was not kept. Try again once " + to + " has read it.");
            }
            case STORED -> {
                meters.counter("revenant.mig33.messages", "path", "stored").increment();
                s.send(ServerPackets.messageAccepted(r.txn(), guid, now));
            }
        }
    }

    /** Deletes waiting messages older than {@code mig33.offlineMessageExpiry} as of {@code now}; how many. */
    public int expire(long now) {
        int gone = offlineStore.deleteSentBefore(now - config.offlineMessageExpiry().toMillis());
        if (gone > 0) {
            meters.counter("revenant.mig33.messages", "path", "expired").increment(gone);
        }
        return gone;
    }

    /**
     * Delivers what waited for this user, oldest first, a batch at a time: each batch's messages that were
     * written to the connection are deleted together, in one statement.
     */
    public void deliverStored(Mig33Session s) {
        int recipient = s.account().id();
        long after = 0;
        while (true) {
            List<OfflineMessage> batch = offlineStore.waiting(recipient, after, BATCH);
            if (!batch.isEmpty()) {
                after = batch.get(batch.size() - 1).id();
            }
            boolean allWritten = StoredDeliveries.deliverAll(batch,
                    m -> s.send(ServerPackets.message(new ServerPackets.IncomingMessage(MESSAGE_TYPE_OFFLINE, m.sender(),
                            m.destinationType(), m.destination(), m.contentType(), m.body(), m.guid(), m.sentAt()))),
                    written -> offlineStore.delivered(recipient, written.stream().map(OfflineMessage::id).toList()),
                    config.writeTimeout());
            // a write that failed means the connection is going: the rest stays stored for the next login
            if (!allWritten || batch.size() < BATCH) {
                return;
            }
        }
    }

    /**
     * A live text to the recipient's session. A blocked sender's text is dropped, yet counts as delivered,
     * so that it is not stored and the sender gets the usual OK. Each text is counted here, on the node that
     * holds the recipient, once: {@code blocked}, or {@code online} once written; one whose write failed is
     * stored by the sender's node and counted there.
     */
    private CompletionStage<Boolean> receive(Mig33Session s, Push.PrivateText m) {
        if (s.blocks(m.source())) {
            meters.counter("revenant.mig33.messages", "path", "blocked").increment();
            return CompletableFuture.completedFuture(true);
        }
        return s.send(ServerPackets.message(new ServerPackets.IncomingMessage(m.messageType(), m.source(),
                DESTINATION_PRIVATE, m.destination(), CONTENT_TEXT, m.text(), m.guid(), m.timestamp())))
                .thenApply(countedIfWritten);
    }

}
