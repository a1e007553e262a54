package dev.revenant.mig33.service.groupchats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What GroupChats makes of participants that its directory took out itself (their node died): the others
 * see them leave, as if they had lost the connection, and a chat left empty so has ended.
 */
class GroupChatsDroppedTest {
    private final InMemorySessionRegistry registry = new InMemorySessionRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Phone alice = new Phone("alice");
    private final Phone bob = new Phone("bob");
    private GroupChatDirectory.Dropped dropped;

    /** A live session that keeps what reaches it. */
    private record Phone(String user, List<Delivery> received) implements SessionHandle {
        Phone(String user) {
            this(user, new CopyOnWriteArrayList<>());
        }

        @Override
        public String service() {
            return "mig33";
        }

        @Override
        public CompletionStage<Boolean> deliver(Delivery delivery) {
            received.add(delivery);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void end(String reason) {
        }
    }

    @BeforeEach
    void groupChats() {
        registry.claim(alice);
        registry.claim(bob);
        // a directory that only hands over its listener: nothing else of it is used here
        GroupChatDirectory directory = (GroupChatDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GroupChatDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("onDropped")) {
                        dropped = (GroupChatDirectory.Dropped) args[0];
                    }
                    return method.getName().equals("count") ? 0 : null;
                });
        // only the bus and the metrics serve what a directory drops: no store, no blocklist
        new GroupChats(Mig33Config.defaults(), null, null, null, null, registry, new InMemoryMessageBus(registry),
                Clock.systemUTC(), meters, null, directory);
    }

    private double ended() {
        var c = meters.find("revenant.mig33.group_chats").tag("event", "ended").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theOthersSeeDroppedParticipantsLeave() {
        dropped.dropped("chat1", List.of("carol", "dave"), List.of("alice", "bob"));

        List<Delivery> left = List.of(new Push.GroupChatStatus("chat1", GroupChats.LEFT, "carol").toDelivery(),
                new Push.GroupChatStatus("chat1", GroupChats.LEFT, "dave").toDelivery());
        assertThat(alice.received()).isEqualTo(left);
        assertThat(bob.received()).isEqualTo(left);
        assertThat(ended()).isZero();
    }

    @Test
    void aChatWhoseLastParticipantsAreDroppedHasEnded() {
        dropped.dropped("chat1", List.of("carol"), List.of());

        assertThat(ended()).isEqualTo(1);
        assertThat(alice.received()).isEmpty();
    }
}
