package dev.revenant.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.session.SessionHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InMemoryMessageBusTest {
    @Test
    void deliversToTheLiveSessionOrReportsNobody() {
        var registry = new InMemorySessionRegistry();
        var bus = new InMemoryMessageBus(registry);
        List<Delivery> got = new ArrayList<>();
        registry.claim(new SessionHandle() {
            public String service() { return "mig33"; }
            public String user() { return "bob"; }
            public CompletionStage<Boolean> deliver(Delivery d) { got.add(d); return CompletableFuture.completedFuture(true); }
            public void end(String reason) {}
        });
        var hello = Delivery.of("message", "text", "hi");
        assertThat(bus.deliver("mig33", "bob", hello).toCompletableFuture().join()).isTrue();
        assertThat(bus.deliver("mig33", "carol", hello).toCompletableFuture().join()).isFalse();
        assertThat(got).containsExactly(hello);
        assertThat(bus.holdsHere("mig33", "bob")).isTrue();
        assertThat(bus.holdsHere("mig33", "carol")).isFalse();
        assertThat(bus.deliverHere("mig33", "bob", hello).toCompletableFuture().join()).isTrue();
        assertThat(bus.deliverHere("mig33", "carol", hello)).as("nobody here: nothing to wait for").isNull();
        assertThat(got).containsExactly(hello, hello);
    }

    @Test
    void topicSubscribersReceiveUntilTheyClose() {
        var bus = new InMemoryMessageBus(new InMemorySessionRegistry());
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        var subA = bus.subscribe("room:x", d -> a.add(d.field("n")));
        bus.subscribe("room:x", d -> b.add(d.field("n")));
        bus.publish("room:x", Delivery.of("line", "n", "1"));
        subA.close();
        subA.close();
        bus.publish("room:x", Delivery.of("line", "n", "2"));
        bus.publish("room:y", Delivery.of("line", "n", "3"));
        assertThat(a).containsExactly("1");
        assertThat(b).containsExactly("1", "2");
    }

    @Test
    void aJoinedSubscriberLeavesOncePerJoinAndTheTopicGoesWithTheLast() {
        var bus = new InMemoryMessageBus(new InMemorySessionRegistry());
        List<String> got = new ArrayList<>();
        Consumer<Delivery> follower = d -> got.add(d.field("n"));
        bus.join("presence:bob", follower);
        bus.join("presence:bob", follower);
        bus.publish("presence:bob", Delivery.of("presence", "n", "1"));
        assertThat(bus.leave("presence:bob", follower)).isTrue();
        bus.publish("presence:bob", Delivery.of("presence", "n", "2"));
        assertThat(bus.leave("presence:bob", follower)).isTrue();
        assertThat(bus.leave("presence:bob", follower)).as("left already").isFalse();
        bus.publish("presence:bob", Delivery.of("presence", "n", "3"));
        assertThat(got).containsExactly("1", "1", "2");
        assertThat(bus.topicCount()).isZero();
    }
}
