package dev.revenant.core.bus;

import dev.revenant.core.session.Delivery;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers to a user's live session or to a topic's subscribers, wherever they are. The in-memory
 * implementation serves one node; a distributed one serves several. Nothing above this interface knows
 * which one runs.
 */
public interface MessageBus {

    /**
     * Hands a delivery to the live session of {@code user} in {@code service}.
     *
     * @return completes with true once the session took it (written to its connection), false when the
     *     user has no live session or the session could not take it: the caller then stores it.
     */
    CompletionStage<Boolean> deliver(String service, String user, Delivery delivery);

    /**
     * {@link #deliver}, to a session this node holds, found without asking any other node (nothing here can
     * wait on the network); null, and nothing delivered, when this node does not hold the user.
     */
    CompletionStage<Boolean> deliverHere(String service, String user, Delivery delivery);

    /** Whether this node holds the live session of {@code user}, asking no other node. */
    boolean holdsHere(String service, String user);

    /** Hands a delivery to every current subscriber of the topic; nobody listening is fine. */
    void publish(String topic, Delivery delivery);

    /**
     * Adds {@code subscriber} to the topic's subscribers until {@link #leave}: no object per subscription,
     * for a holder of many (a session follows each of its contacts' topics, and its heap is what every idle
     * session multiplies). Joined twice, it is there twice and leaves once per join.
     */
    void join(String topic, Consumer<Delivery> subscriber);

    /** Removes one joining of {@code subscriber} from the topic; false when it was not there. */
    boolean leave(String topic, Consumer<Delivery> subscriber);

    /** Subscribes to a topic until the returned subscription is closed. */
    default Subscription subscribe(String topic, Consumer<Delivery> subscriber) {
        join(topic, subscriber);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                leave(topic, subscriber);
            }
        };
    }

    /** A topic subscription; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
