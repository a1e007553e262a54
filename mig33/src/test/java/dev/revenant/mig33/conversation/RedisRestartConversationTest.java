package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.RedisProcess;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
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

            // each node seats its participants again once it has reconnected (the test waits for that: the
            // roster refuses a line from someone it does not seat)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    alice.sendRoomMessage("Lobby", "still here");
                    break;
                } catch (Mig33Exception e) {
                    assertThat(System.nanoTime()).as("alice seated again; last answer: %s", e.getMessage())
                            .isLessThan(deadline);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
            assertThat(bob.awaitRoomMessage("Lobby", "alice").string(8)).isEqualTo("still here");
            bob.sendRoomMessage("Lobby", "me too");
            assertThat(alice.awaitRoomMessage("Lobby", "bob").string(8)).isEqualTo("me too");
            assertThat(alice.hasReceived(p -> p.type() == PacketType.MESSAGE && String.valueOf(p.string(8)).contains("has left")))
                    .as("nobody was told that anyone left").isFalse();
        }
    }
}
