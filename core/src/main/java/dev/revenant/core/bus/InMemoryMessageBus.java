package dev.revenant.core.bus;

import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import java.util.Arrays;
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
    public CompletionStage<Boolean> deliverHere(String service, String user, Delivery delivery) {
        SessionHandle session = registry.here(service, user);
        return session == null ? null : session.deliver(delivery);
    }

    @Override
    public boolean holdsHere(String service, String user) {
        return registry.here(service, user) != null;
    }

    @Override
    public void publish(String topic, Delivery delivery) {
        Topic t = topics.get(topic);
        if (t == null) {
            return;
        }
        for (Consumer<Delivery> subscriber : t.subscribers) { // read once: one joining meanwhile waits for the next
            try {
                subscriber.accept(delivery);
            } catch (RuntimeException e) {
                // one broken subscriber must not keep the others from their delivery
                log.warn("event=subscriber_failed topic={} kind={}", LogText.escape(topic), LogText.escape(delivery.kind()), e);
            }
        }
    }

    @Override
    public void join(String topic, Consumer<Delivery> subscriber) {
        topics.compute(topic, (name, t) -> {
            Topic live = t == null ? new Topic() : t;
            live.add(subscriber);
            return live;
        });
    }

    @Override
    public boolean leave(String topic, Consumer<Delivery> subscriber) {
        boolean[] left = new boolean[1];
        topics.computeIfPresent(topic, (name, t) -> {
            left[0] = t.remove(subscriber);
            return t.subscribers.length == 0 ? null : t;
        });
        return left[0];
    }

    /**
     * A topic's subscribers; removed from the map, under its lock, when the last one leaves. They are an array
     * copied on each change, changed only inside the map's compute for the topic (so one at a time): a topic
     * is joined at logins and read at every presence change, and each online user's topic is heap per
     * session, where a concurrent set cost about 170 bytes more than an array of a few entries.
     */
    private static final class Topic {
        @SuppressWarnings("unchecked")
        private static final Consumer<Delivery>[] NONE = new Consumer[0];
        volatile Consumer<Delivery>[] subscribers = NONE;

        void add(Consumer<Delivery> subscriber) {
            Consumer<Delivery>[] now = subscribers;
            Consumer<Delivery>[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = subscriber;
            subscribers = next;
        }

        /** Removes one occurrence; false when there was none. */
        boolean remove(Consumer<Delivery> subscriber) {
            Consumer<Delivery>[] now = subscribers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == subscriber) {
                    subscribers = now.length == 1 ? NONE : without(now, i);
                    return true;
                }
            }
            return false;
        }

        private static Consumer<Delivery>[] without(Consumer<Delivery>[] all, int i) {
            Consumer<Delivery>[] next = Arrays.copyOf(all, all.length - 1);
            System.arraycopy(all, i + 1, next, i, all.length - i - 1);
            return next;
        }
    }

    /** Number of topics with at least one subscriber (for metrics and tests). */
    public int topicCount() {
        return topics.size();
    }
}
