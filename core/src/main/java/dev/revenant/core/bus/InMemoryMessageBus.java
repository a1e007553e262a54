package dev.revenant.core.bus;

import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
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
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

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
        Topic t = topics.get(topic);
        if (t == null) {
            return;
        }
        for (Entry entry : t.subscribers) {
            try {
                entry.subscriber.accept(delivery);
            } catch (RuntimeException e) {
                // one broken subscriber must not keep the others from their delivery
                log.warn("event=subscriber_failed topic={} kind={}", LogText.escape(topic), LogText.escape(delivery.kind()), e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<Delivery> subscriber) {
        // an entry per subscription, so the same consumer may subscribe twice and close independently; it is
        // also the Subscription, and shares its topic's name: a session follows ~20 topics, so every object
        // per subscription is heap per session
        Entry[] made = new Entry[1];
        topics.compute(topic, (name, t) -> {
            Topic live = t == null ? new Topic(name) : t;
            made[0] = new Entry(live, subscriber);
            live.subscribers.add(made[0]);
            return live;
        });
        return made[0];
    }

    /** A topic's subscribers; removed from the map, under its lock, when the last one leaves. */
    private static final class Topic {
        final String name;
        final Set<Entry> subscribers = ConcurrentHashMap.newKeySet();

        Topic(String name) {
            this.name = name;
        }
    }

    private final class Entry implements Subscription {
        final Topic topic;
        final Consumer<Delivery> subscriber;

        Entry(Topic topic, Consumer<Delivery> subscriber) {
            this.topic = topic;
            this.subscriber = subscriber;
        }

        @Override
        public void close() {
            topics.computeIfPresent(topic.name, (name, t) -> {
                t.subscribers.remove(this);
                return t.subscribers.isEmpty() ? null : t;
            });
        }
    }

    /** Number of topics with at least one subscriber (for metrics and tests). */
    public int topicCount() {
        return topics.size();
    }
}
