package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.RedisProcess;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on a Redis of the test's own, killed and started again empty (it keeps nothing on disk): the
 * community's live state in Redis is gone, and the nodes write back what their own users still hold.
 */
class RedisRestartConversationTest {
    @TempDir Path dir;

    @Test
    void aRoomsParticipantsAreSeatedAgainWhenRedisComesBackEmpty() {
        try (RedisProcess redis = RedisProcess.start();
             Mig33TestServer server = Mig33TestServer.community(dir, Mig33Config.defaults(), redis.uri(), 2)) {
            server.register("alice", "bob");
            server.admin().addRoom(new Mig33Admin.RoomSpec("Lobby", "About Lobby", 50, null, List.of(), "en",
                    false, true, "lobby"));
            Mig33Client alice = server.loggedIn("alice"); // node 1
            Mig33Client bob = server.loggedIn("bob"); // node 2
            alice.joinChatRoom("Lobby");
            alice.awaitRoomLine("Lobby", "alice has entered");
            bob.joinChatRoom("Lobby");
            alice.awaitRoomLine("Lobby", "bob has entered");

            redis.kill();
            redis.restart();

            // each node seats its participants again, and listens to the room's topic again, once it has reconnected:
            // a line said before the other node listens again does not reach it, so the test says it until one does
            assertThat(crosses(alice, "alice", bob, "still here")).as("alice's line reaches bob").isTrue();
            assertThat(crosses(bob, "bob", alice, "me too")).as("bob's line reaches alice").isTrue();
            assertThat(alice.hasReceived(p -> p.type() == PacketType.MESSAGE && String.valueOf(p.string(8)).contains("has left")))
                    .as("nobody was told that anyone left").isFalse();
        }
    }

    /** Says {@code text} in the Lobby until {@code to} hears it (within 20 s); a refusal is a seat not back yet. */
    private static boolean crosses(Mig33Client from, String sender, Mig33Client to, String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        from.timeout(Duration.ofSeconds(10));
        to.timeout(Duration.ofMillis(500));
        while (System.nanoTime() < deadline) {
            try {
                from.sendRoomMessage("Lobby", text);
            } catch (Mig33Exception e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try {
                return text.equals(to.awaitRoomMessage("Lobby", sender).string(8));
            } catch (IllegalStateException e) {
                // said before the listener's node subscribed again
            }
        }
        return false;
    }
}
