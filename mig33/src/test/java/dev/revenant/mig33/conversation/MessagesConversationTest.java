package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.net.Transport;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Private messages, online and offline (spec §6), over real TCP. */
class MessagesConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        server.admin().addContact("alice", "bob", null, null);
        server.admin().addContact("bob", "alice", null, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aliceSendsAndBobReceivesOnline() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Packet ok = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).string(2, "mallory").int8(3, 1)
                .string(4, "bob").int16(6, 1).string(8, "fore!").build());
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        String guid = ok.string(1);
        assertThat(guid).isNotBlank();
        assertThat(ok.number(2, 0)).isPositive();

        Packet got = bob.awaitPush(PacketType.MESSAGE);
        assertThat(got.string(8)).isEqualTo("fore!");
        assertThat(got.string(2)).as("the source is the sender, whatever the client claimed").isEqualTo("alice");
        assertThat(got.string(4)).isEqualTo("bob");
        assertThat(got.integer(3, 0)).isEqualTo(1);
        assertThat(got.integer(1, 0)).isEqualTo(1);
        assertThat(got.string(15)).isEqualTo(guid);
        assertThat(server.meters.counter("revenant.mig33.messages", "path", "online").count())
                .as("counted once, before the sender's OK").isEqualTo(1);
        assertThat(server.meters.counter("revenant.mig33.messages", "path", "stored").count()).isZero();
    }

    @Test
    void aMessageBetweenUsersOfOneNodeGoesThroughWhileEveryWorkerIsBusy() throws Exception {
        // a message to a user online on the same node touches no store: it is served on the connection's own
        // thread, so chat goes on while the workers wait on something slow (a stalled database)
        try (Mig33TestServer one = Mig33TestServer.oneNode(dir.resolve("one"), Mig33Config.defaults())) {
            one.register("alice", "bob");
            Mig33Client alice = one.loggedIn("alice");
            Mig33Client bob = one.loggedIn("bob");
            bob.contacts();
            alice.contacts();
            try (AutoCloseable stalled = one.occupyWorkers()) {
                for (int i = 1; i <= 3; i++) {
                    Packet ok = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).string(2, "alice").int8(3, 1)
                            .string(4, "bob").int16(6, 1).string(8, "fore " + i).build());
                    assertThat(ok.type()).isEqualTo(PacketType.OK);
                    assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("fore " + i);
                }
            }
        }
    }

    @Test
    void badMessagesGetClearErrors() {
        Mig33Client alice = server.loggedIn("alice");
        assertThatThrownBy(() -> alice.sendMessage("bob", "  ")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("Empty message");
        assertThatThrownBy(() -> alice.sendMessage("nobody", "hi")).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> alice.sendMessage("bob", "x".repeat(5000))).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("too long");
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void offlineMessagesArriveAfterTheContactListInOrderAndOnce() {
        Mig33Client alice = server.loggedIn("alice");
        List<String> guids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            guids.add(alice.sendMessage("bob", "message " + i).string(1));
        }

        Mig33Client bob = server.loggedIn("bob");
        assertThat(bob.hasPush(PacketType.MESSAGE)).as("nothing before the contact list").isFalse();
        bob.contacts();
        for (int i = 1; i <= 5; i++) {
            Packet m = bob.awaitPush(PacketType.MESSAGE);
            assertThat(m.string(8)).isEqualTo("message " + i);
            assertThat(m.integer(1, 0)).as("message type 9: offline").isEqualTo(9);
            assertThat(m.string(15)).isEqualTo(guids.get(i - 1));
        }
        bob.logout();
        assertThat(bob.awaitClosed(java.time.Duration.ofSeconds(5))).isTrue();

        Mig33Client again = server.loggedIn("bob");
        again.contacts();
        // a round trip after the list: anything still stored would have been pushed before the PONG
        again.call(again.request(PacketType.PING).build());
        assertThat(again.hasPush(PacketType.MESSAGE)).as("delivered once").isFalse();
    }

    @Test
    void pipelinedOfflineMessagesAreKeptInTheOrderSent() {
        // a client that sends before the previous OK (the MIDlets' outbox does, on a slow link): each message
        // is stored once its delivery has failed, and those stores must not overtake each other
        Mig33Client alice = server.loggedIn("alice");
        int count = 20; // the default burst of mig33.messagesPerMinute
        List<Integer> txns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Packet m = alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob").int16(6, 1)
                    .string(8, "pipelined " + i).build();
            txns.add(m.txn());
            alice.sendLater(m);
        }
        for (int txn : txns) {
            assertThat(alice.await(p -> p.txn() == txn, "the answer to txn " + txn).type()).isEqualTo(PacketType.OK);
        }

        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        for (int i = 1; i <= count; i++) {
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("pipelined " + i);
        }
    }

    @Test
    void pipelinedOnlineMessagesAreAnsweredInTheOrderSent() {
        // a delivered message's OK is written from the thread that wrote the delivery: the recipients' event
        // loops differ, and an OK written on the sender's own loop must not overtake one queued there before it
        server.register("carol", "dave");
        Mig33Client alice = server.loggedIn("alice");
        List<Mig33Client> recipients = List.of(server.loggedIn("bob"), server.loggedIn("carol"), server.loggedIn("dave"));
        List<String> names = List.of("bob", "carol", "dave");
        int count = 20; // the default burst of mig33.messagesPerMinute
        List<Integer> txns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Packet m = alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, names.get(i % 3))
                    .int16(6, 1).string(8, "pipelined " + i).build();
            txns.add(m.txn());
            alice.sendLater(m);
        }
        List<Integer> answered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Packet answer = alice.await(p -> p.type() == PacketType.OK || p.type() == PacketType.ERROR, "an answer");
            assertThat(answer.type()).isEqualTo(PacketType.OK);
            answered.add(answer.txn());
        }
        assertThat(answered).isEqualTo(txns);
        for (int r = 0; r < 3; r++) {
            for (int i = r; i < count; i += 3) {
                Packet m = recipients.get(r).awaitPush(PacketType.MESSAGE);
                assertThat(m.string(8)).isEqualTo("pipelined " + i);
                assertThat(m.integer(1, 0)).as("delivered live, not stored").isEqualTo(1);
            }
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "counts write system calls in /proc/thread-self/io")
    void theAnswersToMessagesThatCameInOneReadLeaveInOneWrite() throws Exception {
        // a client with several messages ready sends them together; the server answers them together, where it
        // once made a write system call for every OK. Each delivery still leaves at once, in a write of its own
        // one node: between nodes a message takes the worker path, and its OK is written alone. On NIO: the count
        // is the thread's write(2) and writev(2) calls (/proc's syscw), and epoll sends a lone buffer with
        // sendto(2), which no per-thread counter sees. The merging is the pipeline's, above either transport
        server.close();
        server = Mig33TestServer.oneNode(dir.resolve("one-node"), Mig33Config.defaults().toBuilder().rates(0, 0).build(),
                Transport.NIO);
        server.register("alice", "bob");
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        alice.contacts(); // each session's requests are served in order: what its login set going is done
        alice.sendMessage("bob", "first, alone");
        bob.awaitPush(PacketType.MESSAGE);
        int count = 100;
        List<Packet> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob").int16(6, 1)
                    .string(8, "together " + i).build());
        }
        long before = server.ioThreadWriteCalls();
        alice.sendTogether(messages);
        for (Packet m : messages) {
            assertThat(alice.await(p -> p.txn() == m.txn(), "its answer").type()).isEqualTo(PacketType.OK);
        }
        for (int i = 0; i < count; i++) {
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("together " + i);
        }
        long writes = server.ioThreadWriteCalls() - before;
        // a few reads may bring them (the read buffer's size adapts), and a busy machine may hand a few to a worker,
        // whose answers go alone; one write for each OK would be 100
        assertThat(writes - count).as("write calls for the %d OKs, beside one for each delivery", count)
                .isBetween(1L, 25L);
    }

    @Test
    void offlineMessagesSurviveARestart() {
        Mig33Client alice = server.loggedIn("alice");
        alice.sendMessage("bob", "before the restart");
        server.restart();

        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Packet m = bob.awaitPush(PacketType.MESSAGE);
        assertThat(m.string(8)).isEqualTo("before the restart");
        assertThat(m.string(2)).isEqualTo("alice");
    }
}
