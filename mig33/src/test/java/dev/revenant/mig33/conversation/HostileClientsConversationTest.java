package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
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

    @Test
    void loggedInUsersSendingRandomRequestsGetAnswersNotServerErrors() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().rates(0, 0).build())) {
            server.register("alice", "bob", "mallory");
            Mig33Client alice = server.loggedIn("alice");
            Mig33Client bob = server.loggedIn("bob");
            Mig33Client mallory = server.loggedIn("mallory");
            mallory.contacts();
            Random random = new Random(4040);
            String[] words = {"alice", "bob", "mallory", "", "nobody", "x".repeat(300), "a;b;", "\u0000", "-1", "lobby"};
            for (int i = 0; i < 3000; i++) {
                // every request type a client may send, with fields of any type, value and width
                Packet.Builder b = mallory.request(random.nextInt(1000));
                for (int f = 0, n = random.nextInt(8); f < n; f++) {
                    int field = 1 + random.nextInt(32);
                    switch (random.nextInt(5)) {
                        case 0 -> b.string(field, words[random.nextInt(words.length)]);
                        case 1 -> b.int8(field, random.nextInt(256) - 128);
                        case 2 -> b.int16(field, random.nextInt(65536) - 32768);
                        case 3 -> b.int32(field, random.nextInt());
                        default -> b.bytes(field, new byte[random.nextInt(12)]);
                    }
                }
                Packet request = b.build();
                if (request.type() == PacketType.LOGOUT || request.type() == PacketType.LOGIN
                        || request.type() == PacketType.NEW_REGISTRATION || request.type() == PacketType.LOGIN_RESPONSE) {
                    continue; // these end or restart the session on purpose
                }
                mallory.send(request);
                if (i % 100 == 0) {
                    // the answers keep coming in order: the session is alive and served
                    assertThat(mallory.call(mallory.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
                }
            }
            assertThat(mallory.call(mallory.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            assertThat(server.meters.counter("revenant.mig33.disconnects", "cause", "server_error").count())
                    .as("no request made the server fail").isZero();
            alice.sendMessage("bob", "still here");
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("still here");
        }
    }

    @Test
    void aSlowLorisThatNeverFinishesItsFirstPacketIsClosed() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder()
                .timeouts(Duration.ofMinutes(3), Duration.ofMillis(500)).build())) {
            Mig33Client loris = server.connect();
            loris.sendRaw(new byte[] {0x02, 0x00, (byte) 0xC8, 0x00, 0x01}); // half a LOGIN header, then nothing
            assertThat(loris.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aReaderThatStopsReadingIsDisconnectedAndItsMessagesAreStored() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder()
                .writeTimeout(Duration.ofSeconds(1)).rates(0, 0).build())) {
            server.register("alice", "bob", "carol");
            server.admin().addContact("carol", "bob", null, null);
            Mig33Client carol = server.loggedIn("carol");
            carol.contacts();
            Mig33Client bob = server.loggedIn("bob");
            assertThat(carol.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);
            bob.pauseReading();
            Mig33Client alice = server.loggedIn("alice");
            String text = "x".repeat(2000);
            int sent = 0;
            // enough to fill the socket buffers and the server's 1 MiB allowance many times over
            while (!carol.hasPush(PacketType.PRESENCE) && sent < 20_000) {
                alice.sendMessage("bob", text);
                sent++;
            }
            assertThat(carol.awaitPush(PacketType.PRESENCE).integer(2, 0)).as("bob was cut off").isEqualTo(99);
            assertThat(server.meters.counter("revenant.mig33.disconnects", "cause", "slow_reader").count()).isPositive();
            // alice is unaffected and what she sends now is kept for bob
            assertThat(alice.sendMessage("bob", "are you there?").type()).isEqualTo(PacketType.OK);
        }
    }

    @Test
    void aFlooderGetsSlowDownThenIsCutOffWhileOthersChat() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().rates(5, 600).build())) {
            server.register("alice", "bob", "flood");
            Mig33Client alice = server.loggedIn("alice");
            Mig33Client bob = server.loggedIn("bob");
            Mig33Client flood = server.loggedIn("flood");
            // a burst past the allowance (10) but short of the cut-off (20 refusals): "Slow down", still connected
            for (int i = 0; i < 15; i++) {
                flood.sendRaw(encode(flood.request(PacketType.PING).build()));
            }
            Packet slowDown = flood.await(p -> p.type() == PacketType.ERROR, "a Slow down");
            assertThat(slowDown.string(2)).startsWith("Slow down");
            // then a flood: cut off, and told why although it is still sending (the server half-closes
            // first, so the client's stack is not reset and keeps what it has not read yet)
            byte[] ping = encode(flood.request(PacketType.PING).build());
            byte[] burst = new byte[ping.length * 20_000];
            for (int i = 0; i < 20_000; i++) {
                System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
            }
            flood.sendRaw(burst);
            assertThat(flood.await(p -> p.type() == PacketType.SESSION_TERMINATED, "SESSION_TERMINATED").string(1))
                    .isEqualTo("You sent too much too fast");
            assertThat(flood.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(server.meters.counter("revenant.mig33.disconnects", "cause", "flood").count()).isEqualTo(1);
            alice.sendMessage("bob", "quiet here");
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("quiet here");
        }
    }

    @Test
    void aFlooderThatReadsNothingUntilItIsCutOffStillLearnsWhy() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().rates(5, 600).build())) {
            server.register("flood");
            Mig33Client flood = server.loggedIn("flood");
            flood.pauseReading();
            byte[] ping = encode(flood.request(PacketType.PING).build());
            byte[] burst = new byte[ping.length * 20_000];
            for (int i = 0; i < 20_000; i++) {
                System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
            }
            flood.sendRaw(burst);
            // the server cuts it off and lets go of the session; only then does the client look
            awaitCondition(() -> server.meters.counter("revenant.mig33.disconnects", "cause", "flood").count() == 1
                    && server.meters.get("revenant.mig33.sessions").gauge().value() == 0, "the flooder's session ended");
            flood.resumeReading();
            // a plain close with the flood unread would have reset the connection, and the client's stack
            // would have thrown away everything it had not read: the server half-closes instead
            assertThat(flood.await(p -> p.type() == PacketType.SESSION_TERMINATED, "SESSION_TERMINATED").string(1))
                    .isEqualTo("You sent too much too fast");
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void contactListsAndGroupsHaveTheirSize() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().listSizes(2, 2).build())) {
            server.register("alice", "bob", "carol", "dave");
            Mig33Client alice = server.loggedIn("alice");
            assertThat(alice.addContact("bob").type()).isEqualTo(PacketType.CONTACT);
            assertThat(alice.addContact("carol").type()).isEqualTo(PacketType.CONTACT);
            Packet third = alice.addContact("dave");
            assertThat(third.type()).isEqualTo(PacketType.ERROR);
            assertThat(third.string(2)).isEqualTo("Your contact list is full (2 contacts)");
            // the default group is one of the two
            assertThat(alice.call(alice.request(PacketType.ADD_GROUP).string(2, "Work").build()).type())
                    .isNotEqualTo(PacketType.ERROR);
            Packet group = alice.call(alice.request(PacketType.ADD_GROUP).string(2, "Play").build());
            assertThat(group.type()).isEqualTo(PacketType.ERROR);
            assertThat(group.string(2)).isEqualTo("You have the most groups allowed (2)");
            // others are unaffected
            Mig33Client bob = server.loggedIn("bob");
            assertThat(bob.addContact("carol").type()).isEqualTo(PacketType.CONTACT);
        }
    }

    @Test
    void messagesHaveTheirOwnRate() {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().rates(0, 6).build())) {
            server.register("alice", "bob");
            Mig33Client alice = server.loggedIn("alice");
            assertThat(alice.sendMessage("bob", "one").type()).isEqualTo(PacketType.OK);
            Packet second = alice.call(alice.request(PacketType.MESSAGE).int8(3, 1).string(4, "bob").string(8, "two").build());
            assertThat(second.type()).isEqualTo(PacketType.ERROR);
            assertThat(second.string(2)).startsWith("Slow down");
            assertThat(alice.call(alice.request(PacketType.PING).build()).type()).as("other requests still served")
                    .isEqualTo(PacketType.PONG);
        }
    }

    private static byte[] encode(Packet p) {
        var buf = Unpooled.buffer();
        PacketCodec.write(p, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
