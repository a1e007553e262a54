package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.Mig33Config;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage and mutated packets from many connections while an honest user keeps chatting. */
class HostileClientsConversationTest {
    @TempDir Path dir;

    @Test
    void theServerKeepsServingAWellBehavedClientDuringAnAttack() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder()
                .maxPacketBytes(2048).build())) {
            server.register("alice", "bob");
            Mig33Client alice = server.loggedIn("alice");
            Mig33Client bob = server.loggedIn("bob");
            Random random = new Random(42);
            for (int round = 0; round < 60; round++) {
                Mig33Client attacker = server.connect();
                var buf = Unpooled.buffer();
                // a plausible request with random fields, then random damage
                PacketCodec.write(Packet.of(random.nextInt(1000), round).bytes(random.nextInt(30), new byte[random.nextInt(50)])
                        .string(5, "alice").build(), buf);
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                if (random.nextBoolean()) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                attacker.sendRaw(bytes);
                byte[] junk = new byte[random.nextInt(100)];
                random.nextBytes(junk);
                attacker.sendRaw(junk); // the server may have hung up already: an accepted answer
                if (round % 10 == 0) {
                    alice.sendMessage("bob", "round " + round);
                    assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("round " + round);
                }
                attacker.close();
            }
            assertThat(alice.call(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            assertThat(bob.isOpen()).isTrue();
            assertThat(server.connect().timeout(Duration.ofSeconds(10)).login("bob", Mig33TestServer.password("bob")).type())
                    .isEqualTo(PacketType.LOGIN_OK);
        }
    }
}
