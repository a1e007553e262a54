package dev.revenant.mig33.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.conversation.Mig33TestServer;
import dev.revenant.mig33.session.Connection;
import dev.revenant.mig33.service.Mig33Service;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's stage of the TCP pipeline on an {@link EmbeddedChannel}, its worker a queue the test runs by
 * hand: a client that sends faster than its requests are served stops being read, and is read again once
 * the worker has caught up.
 */
class Mig33ChannelHandlerTest {
    @TempDir Path dir;
    Mig33TestServer server;

    /** What the session wrote to its client, in order. */
    final List<Packet> written = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Connection connection() {
        return new Connection() {
            @Override
            public CompletionStage<Boolean> send(Packet packet) {
                written.add(packet);
                return CompletableFuture.completedFuture(true);
            }

            @Override
            public void close() {}

            @Override
            public void loggedIn() {}

            @Override
            public String remoteHost() {
                return "127.0.0.1";
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1:40000";
            }
        };
    }

    @Test
    void readingPausesWhileRequestsPileUpAndResumesOnceTheWorkerCaughtUp() {
        ArrayDeque<Runnable> worker = new ArrayDeque<>();
        SerialExecutor serial = new SerialExecutor(worker::add);
        Mig33Service service = new Mig33Service(server.gateway().context());
        EmbeddedChannel channel = new EmbeddedChannel(
                new Mig33ChannelHandler(service.open(connection()), serial, new SimpleMeterRegistry()));

        // the requests wait in the session's queue until the worker runs it
        int sent = Mig33ChannelHandler.PAUSE_READING_AT;
        for (int txn = 1; txn < sent; txn++) {
            channel.writeInbound(Packet.of(PacketType.PING, txn).build());
            assertThat(channel.config().isAutoRead()).as("reading after request " + txn).isTrue();
        }
        channel.writeInbound(Packet.of(PacketType.PING, sent).build());
        assertThat(serial.pending()).isEqualTo(Mig33ChannelHandler.PAUSE_READING_AT);
        assertThat(channel.config().isAutoRead()).as("a full queue stops the reading").isFalse();
        assertThat(written).isEmpty();

        // the worker serves them all, in order; reading resumes on the channel's own loop
        worker.poll().run();
        assertThat(worker).isEmpty();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(written).extracting(Packet::type).containsOnly(PacketType.PONG).hasSize(sent);
        assertThat(written).extracting(Packet::txn).isSorted();
        channel.finishAndReleaseAll();
    }
}
