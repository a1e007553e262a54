package dev.revenant.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.TwoNodes;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.session.Delivery;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Topics across two nodes: one Redis subscription per node and topic, a node's own publications once. */
class RedisMessageBusTest {
    private TwoNodes nodes;
    private ClusterConfig config;
    private RedisNode nodeA;
    private RedisNode nodeB;
    private RedisMessageBus a;
    private RedisMessageBus b;

    @BeforeEach
    void twoNodes() {
        nodes = TwoNodes.start();
        config = nodes.config;
        nodeA = nodes.nodeA;
        nodeB = nodes.nodeB;
        a = new RedisMessageBus(nodeA, nodes.registryA());
        b = new RedisMessageBus(nodeB, nodes.registryB());
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private long redisSubscribers(String topic) {
        return nodeA.sync().pubsubNumsub(config.name() + ":t:" + topic).values().iterator().next();
    }

    @Test
    void aPublicationReachesSubscribersOnEveryNodeOnce() throws Exception {
        LinkedBlockingQueue<Delivery> onA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Delivery> onB = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Delivery> onB2 = new LinkedBlockingQueue<>();
        a.subscribe("mig33.presence.alice", onA::add);
        b.subscribe("mig33.presence.alice", onB::add);
        b.subscribe("mig33.presence.alice", onB2::add);
        nodeA.settled();
        nodeB.settled();
        assertThat(redisSubscribers("mig33.presence.alice")).isEqualTo(2); // one per node, not per watcher

        Delivery online = Delivery.of("presence", "user", "alice", "presence", "1");
        Delivery away = Delivery.of("presence", "user", "alice", "presence", "2");
        a.publish("mig33.presence.alice", online);
        a.publish("mig33.presence.alice", away);

        assertThat(onB.poll(5, TimeUnit.SECONDS)).isEqualTo(online);
        assertThat(onB.poll(5, TimeUnit.SECONDS)).isEqualTo(away);
        assertThat(onB2.poll(5, TimeUnit.SECONDS)).isEqualTo(online);
        assertThat(onA.poll()).isEqualTo(online);
        assertThat(onA.poll()).isEqualTo(away);
        // node A's own publications came back from Redis too; they were not handed out a second time
        b.publish("mig33.presence.alice", online);
        assertThat(onA.poll(5, TimeUnit.SECONDS)).isEqualTo(online);
        assertThat(onA).isEmpty();
    }

    @Test
    void deliveringHereReachesOnlyThisNodesSessionsAndAsksNoOtherNode() throws Exception {
        FakeSession bob = new FakeSession("bob", "1");
        nodes.registryB().claim(bob);
        Delivery hi = Delivery.of("message", "text", "hi");

        assertThat(b.holdsHere("mig33", "bob")).isTrue();
        assertThat(b.deliverHere("mig33", "bob", hi).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bob.received.poll()).isEqualTo(hi);
        // node A finds bob only through Redis: "here" says nobody, and hands nothing over
        assertThat(a.holdsHere("mig33", "bob")).isFalse();
        assertThat(a.deliverHere("mig33", "bob", hi)).isNull();
        assertThat(bob.received).isEmpty();
        assertThat(a.deliver("mig33", "bob", hi).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bob.received.poll(5, TimeUnit.SECONDS)).isEqualTo(hi);
    }

    @Test
    void aNodeStopsListeningWhenItsLastSubscriberLeaves() throws Exception {
        MessageBus.Subscription first = b.subscribe("mig33.presence.bob", d -> { });
        LinkedBlockingQueue<Delivery> second = new LinkedBlockingQueue<>();
        MessageBus.Subscription kept = b.subscribe("mig33.presence.bob", second::add);
        first.close();
        first.close(); // twice is harmless
        nodeB.settled();
        assertThat(redisSubscribers("mig33.presence.bob")).isEqualTo(1);
        a.publish("mig33.presence.bob", Delivery.of("presence", "presence", "1"));
        assertThat(second.poll(5, TimeUnit.SECONDS)).isNotNull();

        kept.close();
        nodeB.settled();
        assertThat(redisSubscribers("mig33.presence.bob")).isZero();
    }

    @Test
    void leavingTwiceDoesNotCutAnotherJoinersChannel() throws Exception {
        LinkedBlockingQueue<Delivery> kept = new LinkedBlockingQueue<>();
        Consumer<Delivery> gone = d -> { };
        Consumer<Delivery> staying = kept::add;
        b.join("mig33.presence.carol", gone);
        b.join("mig33.presence.carol", staying);
        assertThat(b.leave("mig33.presence.carol", gone)).isTrue();
        assertThat(b.leave("mig33.presence.carol", gone)).as("left already").isFalse();
        nodeB.settled();
        assertThat(redisSubscribers("mig33.presence.carol")).isEqualTo(1);
        a.publish("mig33.presence.carol", Delivery.of("presence", "presence", "1"));
        assertThat(kept.poll(5, TimeUnit.SECONDS)).isNotNull();

        assertThat(b.leave("mig33.presence.carol", staying)).isTrue();
        nodeB.settled();
        assertThat(redisSubscribers("mig33.presence.carol")).isZero();
    }
}
