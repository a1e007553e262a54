package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated byte streams into the decoder: the only thing that may come out is a packet or a
 * framing error (which closes the connection); never another exception, never a buffer left unreleased.
 */
class HostileBytesTest {
    private static final long SEED = 0x6D696733L;

    /** Feeds the stream in random slices; returns how many packets came out. */
    private static int feed(byte[] stream, Random random) {
        EmbeddedChannel ch = new EmbeddedChannel(new Mig33FrameDecoder(4096));
        int packets = 0;
        int at = 0;
        try {
            while (at < stream.length) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(64));
                ByteBuf slice = Unpooled.buffer(n).writeBytes(stream, at, n);
                at += n;
                try {
                    ch.writeInbound(slice);
                } catch (DecoderException e) {
                    assertThat(e).isInstanceOf(FramingException.class);
                    return packets; // the server closes here
                }
                Object p;
                while ((p = ch.readInbound()) != null) {
                    assertThat(p).isInstanceOf(Packet.class);
                    packets++;
                }
            }
            return packets;
        } finally {
            ch.finishAndReleaseAll();
            assertThat(ch.isOpen()).isFalse();
        }
    }

    private static byte[] validStream(Random random) {
        ByteBuf buf = Unpooled.buffer();
        for (int i = 0; i < 5; i++) {
            Packet p = Packet.of(500, i + 1).int8(1, 1).string(4, "bob").string(8, "x".repeat(random.nextInt(40)))
                    .int32(9, random.nextInt()).build();
            PacketCodec.write(p, buf);
        }
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    @Test
    void randomBytesOnlyEverYieldPacketsOrAFramingError() {
        Random random = new Random(SEED);
        for (int round = 0; round < 2000; round++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0 && random.nextBoolean()) {
                junk[0] = PacketCodec.MAGIC; // get past the magic check more often
            }
            feed(junk, random);
        }
    }

    @Test
    void mutatedValidPacketsOnlyEverYieldPacketsOrAFramingError() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 2000; round++) {
            byte[] stream = validStream(random);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(stream.length);
                switch (random.nextInt(3)) {
                    case 0 -> stream[at] = (byte) random.nextInt(256);   // a flipped byte: lengths, ids, magic
                    case 1 -> stream[at] = (byte) 0xFF;                  // huge lengths
                    default -> stream = java.util.Arrays.copyOf(stream, at); // truncated
                }
                if (stream.length == 0) {
                    break;
                }
            }
            feed(stream, random);
        }
    }

    @Test
    void anUntouchedStreamDecodesWhole() {
        Random random = new Random(SEED + 2);
        assertThat(feed(validStream(random), random)).isEqualTo(5);
    }
}
