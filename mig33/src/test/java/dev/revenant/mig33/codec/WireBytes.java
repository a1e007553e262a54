package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;

/** A packet as the server's encoder puts it on the wire, for byte-for-byte codec tests. */
final class WireBytes {
    private WireBytes() {}

    static byte[] encode(Packet p) {
        EmbeddedChannel ch = new EmbeddedChannel(Mig33PacketEncoder.INSTANCE);
        ch.writeOutbound(p);
        ByteBuf out = ch.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    /** The packet's bytes equal the hex text (laid out as the tests like, with spaces and line breaks). */
    static void assertBytes(Packet p, String expected) {
        assertThat(Hex.of(encode(p))).isEqualTo(Hex.of(Hex.bytes(expected)));
    }
}
