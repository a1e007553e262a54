package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's life: ping, duplicate login, idle timeout, unsupported requests, bad framing, shutdown. */
class SessionConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pingIsAnsweredWithTheSameTxn() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice");
        Mig33Client alice = server.loggedIn("alice");
        Packet ping = alice.request(PacketType.PING).build();
        Packet pong = alice.call(ping);
        assertThat(pong.type()).isEqualTo(PacketType.PONG);
        assertThat(pong.txn()).isEqualTo(ping.txn());
        assertThat(pong.fields()).isEmpty();
    }

    @Test
    void aSecondLoginEndsTheFirstSession() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        server.admin().addContact("bob", "alice", null, null);
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client first = server.loggedIn("alice");
        assertThat(bob.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(1);

        Mig33Client second = server.loggedIn("alice");
        Packet terminated = first.awaitPush(PacketType.SESSION_TERMINATED);
        assertThat(terminated.string(1)).contains("another location");
        assertThat(first.awaitClosed(Duration.ofSeconds(5))).isTrue();

        // the new session is the live one: messages reach it, and bob never saw alice go offline
        bob.sendMessage("alice", "which phone?");
        assertThat(second.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("which phone?");
        assertThat(bob.awaitPush(PacketType.PRESENCE).integer(2, 0)).as("alice's second login").isEqualTo(1);
        bob.call(bob.request(PacketType.PING).build());
        assertThat(bob.hasPush(PacketType.PRESENCE)).as("no offline flicker").isFalse();
    }

    @Test
    void anIdleSessionIsClosed() {
        server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder()
                .timeouts(Duration.ofMillis(300), Duration.ofSeconds(60)).build());
        server.register("alice");
        Mig33Client alice = server.loggedIn("alice");
        Packet terminated = alice.awaitPush(PacketType.SESSION_TERMINATED);
        assertThat(terminated.string(1)).contains("timed out");
        assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aConnectionThatNeverLogsInIsClosed() {
        server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder()
                .timeouts(Duration.ofMinutes(3), Duration.ofMillis(300)).build());
        Mig33Client idle = server.connect();
        assertThat(idle.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anUnsupportedRequestGetsAnErrorAndTheConnectionStaysOpen() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice");
        Mig33Client alice = server.loggedIn("alice");
        Packet answer = alice.call(alice.request(901).build()); // GET_ACCOUNT_BALANCE
        assertThat(answer.type()).isEqualTo(PacketType.ERROR);
        assertThat(answer.integer(1, 0)).isEqualTo(1);
        assertThat(answer.string(2)).isEqualTo("Not supported");
        assertThat(alice.call(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
    }

    @Test
    void packetsMayBeLargerOnceLoggedIn() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        String big = "x".repeat(8000); // over the 4096 allowed before login, well under the limit after
        Mig33Client stranger = server.connect();
        stranger.send(stranger.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, "alice").string(7, big).build());
        assertThat(stranger.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(server.meters.counter("revenant.mig33.disconnects", "cause", "framing").count()).isEqualTo(1);

        Mig33Client alice = server.loggedIn("alice");
        Packet answer = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob").int16(6, 1)
                .string(8, big).build());
        assertThat(answer.type()).as("framed and read: refused for its length, not cut off").isEqualTo(PacketType.ERROR);
        assertThat(answer.string(2)).startsWith("Message too long");
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void badFramingClosesOnlyThatConnection() {
        server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().maxPacketBytes(1000).build());
        server.register("alice");
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client garbage = server.connect();
        garbage.sendRaw(new byte[] {0x47, 0x45, 0x54, 0x20, 0x2F, 0x20, 0x48, 0x54, 0x54, 0x50}); // "GET / HTTP"
        assertThat(garbage.awaitClosed(Duration.ofSeconds(5))).isTrue();
        Mig33Client huge = server.connect();
        huge.sendRaw(new byte[] {0x02, 0x01, (byte) 0xF4, 0, 1, 0, 0, 0x10, 0});
        assertThat(huge.awaitClosed(Duration.ofSeconds(5))).isTrue();
        Mig33Client overrun = server.connect();
        overrun.sendRaw(new byte[] {0x02, 0, 2, 0, 1, 0, 0, 0, 7, 0, 1, 0, 0, 0, 9, 0});
        assertThat(overrun.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(server.meters.counter("revenant.mig33.disconnects", "cause", "framing").count()).isEqualTo(3);
        assertThat(alice.call(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
    }

    @Test
    void gracefulShutdownTellsEveryoneAndKeepsStoredMessages() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        Mig33Client alice = server.loggedIn("alice");
        alice.sendMessage("bob", "see you after the upgrade");
        Mig33Client anonymous = server.connect();
        server.stop();
        assertThat(alice.awaitPush(PacketType.SESSION_TERMINATED).string(1)).contains("shutting down");
        assertThat(alice.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(anonymous.awaitClosed(Duration.ofSeconds(5))).isTrue();
        server.start();
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("see you after the upgrade");
    }
}
