package dev.revenant.mig33.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.codec.Mig33FrameDecoder;
import dev.revenant.mig33.codec.Mig33PacketEncoder;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.conversation.Mig33TestServer;
import dev.revenant.mig33.service.Mig33Service;
import dev.revenant.mig33.session.RecordingConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
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
    /** The session answers through this connection; the channel only carries the requests in. */
    final RecordingConnection answers = new RecordingConnection();
    final List<Packet> written = answers.sent;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readingPausesWhileRequestsPileUpAndResumesOnceTheWorkerCaughtUp() {
        ArrayDeque<Runnable> worker = new ArrayDeque<>();
        SerialExecutor serial = new SerialExecutor(worker::add);
        Mig33Service service = new Mig33Service(server.gateway().context());
        EmbeddedChannel channel = new EmbeddedChannel(
                new Mig33ChannelHandler(service.open(answers), serial, new SimpleMeterRegistry()));

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

    /** The TCP pipeline's frames, packets and session stages, the session on a ChannelConnection to the channel. */
    private EmbeddedChannel pipeline(ArrayDeque<Runnable> worker) {
        Mig33Service service = new Mig33Service(server.gateway().context());
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(Stages.FRAMES, new Mig33FrameDecoder(PacketCodec.DEFAULT_MAX_CONTENT))
                .addLast(Stages.PACKETS, Mig33PacketEncoder.INSTANCE)
                .addLast(Stages.SESSION, new Mig33ChannelHandler(
                        service.open(new ChannelConnection(channel, channel, () -> {}, () -> {})),
                        new SerialExecutor(worker::add), new SimpleMeterRegistry()));
        return channel;
    }

    private static ByteBuf wire(Packet... packets) {
        ByteBuf buf = Unpooled.buffer();
        for (Packet p : packets) {
            PacketCodec.write(p, buf);
        }
        return buf;
    }

    @Test
    void aLogoutClosesOnlyOnceTheAnswersBeforeItAreWritten() {
        ArrayDeque<Runnable> worker = new ArrayDeque<>();
        EmbeddedChannel channel = pipeline(worker);
        // one read holds a PING and a LOGOUT, as a phone that leaves sends them
        channel.writeInbound(wire(Packet.of(PacketType.PING, 1).build(), Packet.of(PacketType.LOGOUT, 2).build()));
        assertThat(channel.isActive()).isTrue();
        while (!worker.isEmpty()) {
            worker.poll().run();
        }
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("the PONG, written before the close").isNotNull();
        Packet pong = PacketCodec.read(out, PacketCodec.DEFAULT_MAX_CONTENT);
        out.release();
        assertThat(pong.type()).isEqualTo(PacketType.PONG);
        assertThat(pong.txn()).isEqualTo(1);
        assertThat(channel.isActive()).as("closed after the LOGOUT").isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void bytesThatAreNoPacketCloseTheConnectionAndTheSessionEnds() {
        ArrayDeque<Runnable> worker = new ArrayDeque<>();
        EmbeddedChannel channel = pipeline(worker);
        channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n\r\n".getBytes()));
        assertThat(channel.isActive()).as("a bad magic closes at once").isFalse();
        // the session lets go on its own turn
        assertThat(worker).hasSize(1);
        worker.poll().run();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finishAndReleaseAll();
    }
}
