package dev.revenant.bench;

import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * mig33 wire codec on the packets a chat server handles most: LOGIN (every session start), MESSAGE (every
 * line, in and out) and CONTACT (contact lists of 20, at every login). Encode writes into a pooled buffer
 * as the pipeline does; decode reads from a buffer holding the whole frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Mig33CodecBenchmark {
    @Param({"LOGIN", "MESSAGE", "CONTACT"})
    public String packet;

    private Packet value;
    private ByteBuf encoded;
    private ByteBuf scratch;

    @Setup
    public void setUp() {
        value = switch (packet) {
            case "LOGIN" -> Packet.of(PacketType.LOGIN, 1).bool(19, false).string(15, "en-US").int8(9, 1)
                    .string(8, "Revenant").string(7, "J2MEv4.20.291").string(5, "bench1234").int16(3, 420)
                    .int8(2, 2).int16(1, 1).build();
            case "MESSAGE" -> ServerPackets.message(new ServerPackets.IncomingMessage(1, "alice", 1, "bob", 1,
                    "hey, are you coming to the game tonight?", "6f1c2a9e-0d4b-4a57-9c1e-3b2f8e7d6a51", 1_763_900_000_000L));
            case "CONTACT" -> ServerPackets.contact(7, "Bob the Builder", 1, 3, "bob", 42);
            default -> throw new IllegalArgumentException(packet);
        };
        encoded = Buffers.holding(value);
        scratch = Buffers.empty();
    }

    @TearDown
    public void tearDown() {
        encoded.release();
        scratch.release();
    }

    @Benchmark
    public Packet decode() {
        Packet p = PacketCodec.read(encoded, PacketCodec.DEFAULT_MAX_CONTENT);
        encoded.readerIndex(0);
        return p;
    }

    @Benchmark
    public int encode() {
        scratch.clear();
        PacketCodec.write(value, scratch);
        return scratch.writerIndex();
    }
}
