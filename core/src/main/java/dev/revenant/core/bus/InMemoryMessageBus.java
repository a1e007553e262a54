package dev.revenant.core.bus;

import dev.revenant.core.session.SessionRegistry;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single-node {@link MessageBus}: user deliveries go through the registry, topics are local sets. */
public final class InMemoryMessageBus implements MessageBus {
    private static final Logger log = LoggerFactory.getLogger(InMemoryMessageBus.class);

    private final SessionRegistry registry;
    private final ConcurrentHashMap<String, Set<Consumer<Delivery>>> topics = new ConcurrentHashMap<>();

    public InMemoryMessageBus(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletionStage<Boolean> deliver(String service, String user, Delivery delivery) {
        return registry.lookup(service, user)
                .map(session -> session.deliver(delivery))
                .orElse(CompletableFuture.completedFuture(false));
    }

    @Override
    public void publish(String topic, Delivery delivery) {
        Set<Consumer<Delivery>> subscribers = topics.get(topic);
        if (subscribers == null) {
            return;
        }
        for (Consumer<Delivery> subscriber : subscribers) {
            try {
                subscriber.accept(delivery);
            } catch (RuntimeException e) {
                // one broken subscriber must not keep the others from their delivery
                log.warn("event=subscriber_failed topic={} kind={}", topic, delivery.kind(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<Delivery> subscriber) {
        // a wrapper per subscription, so the same consumer may subscribe twice and close independently
        Consumer<Delivery> entry = subscriber::accept;
        topics.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(entry);
        return () -> topics.computeIfPresent(topic, (t, set) -> {
            set.remove(entry);
            return set.isEmpty() ? null : set;
        });
    }

    /** Number of topics with at least one subscriber (for metrics and tests). */
    public int topicCount() {
        return topics.size();
    }
}
