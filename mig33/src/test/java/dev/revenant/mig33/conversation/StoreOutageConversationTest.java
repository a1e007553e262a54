package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.testing.ReachableStore;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is reached over the network and the network fails: logins get LOGIN_NOTIFY while it is away,
 * online chat goes on, nothing is acknowledged that could not be kept, and the gateway recovers by
 * itself once the store is back, without a restart.
 */
class StoreOutageConversationTest {
    @TempDir Path dir;

    private static Packet loginAttempt(Mig33TestServer server, String user) {
        try (Mig33Client c = Mig33Client.connect(server.address())) {
            return c.login(user, Mig33TestServer.password(user));
        } catch (Mig33Exception refused) {
            return refused.answer();
        }
    }

    @Test
    void anOutageRefusesLoginsKeepsChatGoingAndRecovers() {
        try (ReachableStore store = ReachableStore.fresh(dir.resolve("db"));
             Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults(), store.config())) {
            server.register("alice", "bob", "carol");
            Mig33Client alice = server.loggedIn("alice");
            Mig33Client bob = server.loggedIn("bob");

            store.cut();
            Packet refused = loginAttempt(server, "carol");
            assertThat(refused.type()).as("LOGIN_NOTIFY is an ERROR without a code").isEqualTo(PacketType.ERROR);
            assertThat(refused.has(1)).isFalse();
            alice.sendMessage("bob", "the database is away but we are not");
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("the database is away but we are not");
            // a message that needs the store is refused, never acknowledged and then lost
            Packet offline = alice.call(alice.request(PacketType.MESSAGE).int8(3, 1).string(4, "carol").int16(6, 1)
                    .string(8, "are you there?").build());
            assertThat(offline.type()).isEqualTo(PacketType.ERROR);

            store.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Packet answer = loginAttempt(server, "carol");
            while (answer.type() != PacketType.LOGIN_OK && System.nanoTime() < deadline) {
                answer = loginAttempt(server, "carol");
            }
            assertThat(answer.type()).as("recovered without a restart").isEqualTo(PacketType.LOGIN_OK);

            Mig33Client carol = server.loggedIn("carol");
            carol.contacts();
            alice.sendMessage("carol", "welcome back");
            assertThat(carol.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("welcome back");
        }
    }
}
