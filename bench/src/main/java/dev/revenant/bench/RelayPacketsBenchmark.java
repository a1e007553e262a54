package dev.revenant.bench;

import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.Requests;
import dev.revenant.mig33.codec.ServerPackets;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The packets of one relayed private message, as the server handles them: the sender's MESSAGE read off the
 * wire and decoded, the MESSAGE for the recipient and the sender's OK built and written. Run with
 * {@code -prof gc}: the bytes it allocates per message ({@code gc.alloc.rate.norm}) are what sets how often
 * the collector stops the server, and unlike a time they do not depend on the machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RelayPacketsBenchmark {
    private static final String GUID = "0193f1c2-a9e0-7d4b-8a57-9c1e3b2f8e7d";

    private ByteBuf request;
    private ByteBuf out;

    @Setup
    public void setUp() {
        request = Buffers.holding(
                new Request.PrivateMessage(12, 1, "bob", 1, "hey, are you coming to the game tonight?").toPacket());
        out = Buffers.empty();
    }

    @TearDown
    public void tearDown() {
        request.release();
        out.release();
    }

    @Benchmark
    public int relayOne() {
        request.readerIndex(0);
        Request.PrivateMessage r = (Request.PrivateMessage) Requests.decode(PacketCodec.read(request,
                PacketCodec.DEFAULT_MAX_CONTENT));
        out.clear();
        PacketCodec.write(ServerPackets.message(new ServerPackets.IncomingMessage(1, "alice", 1, r.destination(), 1,
                r.text(), GUID, 1_763_900_000_000L)), out);
        PacketCodec.write(ServerPackets.messageAccepted(r.txn(), GUID, 1_763_900_000_000L), out);
        return out.writerIndex();
    }
}
