package dev.revenant.core.bus;

import dev.revenant.core.session.Delivery;
import java.util.concurrent.CompletionStage;
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

    /** Hands a delivery to every current subscriber of the topic; nobody listening is fine. */
    void publish(String topic, Delivery delivery);

    /** Subscribes to a topic until the returned subscription is closed. */
    Subscription subscribe(String topic, Consumer<Delivery> subscriber);

    /** A topic subscription; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
