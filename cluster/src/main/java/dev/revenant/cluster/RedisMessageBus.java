package dev.revenant.cluster;

import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageBus} of a node among several. A delivery to a user goes wherever the registry finds
 * them (their node's channel, for a user on another node). A topic is this node's subscribers plus a Redis
 * channel ({@code <name>:t:<topic>}) that the node subscribes to once, while it has at least one subscriber
 * of its own: a presence change reaches every node that watches the user, with one subscription per node and
 * topic, never one per watcher. What this node publishes reaches its own subscribers at once, and the
 * others through Redis (a node ignores its own messages coming back).
 */
public final class RedisMessageBus implements MessageBus {
    private static final Logger log = LoggerFactory.getLogger(RedisMessageBus.class);

    private final RedisNode node;
    private final InMemoryMessageBus here;
    /** Subscriptions per topic on this node; the Redis channel is listened to while the count is above 0. */
    private final ConcurrentHashMap<String, Integer> listening = new ConcurrentHashMap<>();
    private final LogThrottle outages = new LogThrottle(Duration.ofSeconds(30), System::nanoTime);

    public RedisMessageBus(RedisNode node, RedisSessionRegistry registry) {
        this.node = node;
        this.here = new InMemoryMessageBus(registry);
    }

    @Override
    public CompletionStage<Boolean> deliver(String service, String user, Delivery delivery) {
        return here.deliver(service, user, delivery); // the registry's handle of a remote user crosses over
    }

    @Override
    public CompletionStage<Boolean> deliverHere(String service, String user, Delivery delivery) {
        return here.deliverHere(service, user, delivery);
    }

    @Override
    public boolean holdsHere(String service, String user) {
        return here.holdsHere(service, user);
    }

    @Override
    public void publish(String topic, Delivery delivery) {
        here.publish(topic, delivery);
        try {
            node.async().publish(channel(topic), NodeMessage.publish(node.id(), delivery.kind(), delivery.fields()).json());
        } catch (RedisException e) {
            long held = outages.admit();
            if (held >= 0) {
                log.warn("event=cluster_publish_failed topic={} error=\"{}\" (this node's subscribers had it; {} more)",
                        LogText.escape(topic), LogText.escape(String.valueOf(e.getMessage())), held);
            }
        }
    }

    @Override
    public void join(String topic, Consumer<Delivery> subscriber) {
        here.join(topic, subscriber);
        listening.compute(topic, (t, n) -> {
            if (n == null) {
                node.listen(channel(t), text -> heard(t, text));
                return 1;
            }
            return n + 1;
        });
    }

    @Override
    public boolean leave(String topic, Consumer<Delivery> subscriber) {
        if (!here.leave(topic, subscriber)) {
            return false; // not there (left already): the count is not this one's to lower
        }
        listening.computeIfPresent(topic, (t, n) -> {
            if (n > 1) {
                return n - 1;
            }
            node.stopListening(channel(t));
            return null;
        });
        return true;
    }

    private String channel(String topic) {
        return node.key("t", topic);
    }

    private void heard(String topic, String text) {
        NodeMessage m = NodeMessage.parse(text);
        if (m == null || !"pub".equals(m.op())) {
            log.warn("event=cluster_message_unreadable topic={}", LogText.escape(topic));
            return;
        }
        if (!node.id().equals(m.from())) {
            here.publish(topic, new Delivery(m.k(), m.f() == null ? Map.of() : m.f()));
        }
    }
}
