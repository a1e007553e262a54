package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    /**
     * A 4.20 MIDlet's LOGIN as spec §4 describes it: fields in descending id order, presence as one byte,
     * 135 bytes in all (content length 126).
     */
    static final String LOGIN_420 = """
            02 00C8 0001 0000007E
            0013 00000001 01                 |19 stream user events|
            0010 00000004 00000001           |16 theme id|
            000F 00000005 656E2D5553         |15 language "en-US"|
            000D 00000004 00000140           |13 screen height 320|
            000C 00000004 000000F0           |12 screen width 240|
            000B 00000004 0000000E           |11 font height 14|
            0009 00000001 01                 |9 initial presence, 1 byte|
            0008 00000002 4535               |8 device "E5"|
            0007 0000000D 4A324D4576342E32302E323931 |7 user agent "J2MEv4.20.291"|
            0005 00000005 616C696365         |5 username "alice"|
            0003 00000002 01A4               |3 client version 420|
            0002 00000001 02                 |2 client type MIDP2|
            0001 00000002 0001               |1 protocol version|
            """;

    @Test
    void decodesA420StyleLoginWhateverTheFieldOrder() {
        byte[] wire = Hex.bytes(LOGIN_420);
        assertThat(wire).hasSize(135);
        EmbeddedChannel ch = new EmbeddedChannel(new Mig33FrameDecoder(PacketCodec.DEFAULT_MAX_CONTENT));
        // arrive in two pieces, split inside a field, as TCP may deliver them
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 50));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 50, wire.length - 50));
        Packet login = ch.readInbound();
        assertThat(login.type()).isEqualTo(PacketType.LOGIN);
        assertThat(login.txn()).isEqualTo(1);
        assertThat(login.string(5)).isEqualTo("alice");
        assertThat(login.number(3, 0)).isEqualTo(420);
        assertThat(login.number(9, 0)).isEqualTo(1);
        assertThat(login.string(7)).isEqualTo("J2MEv4.20.291");
        assertThat(login.number(13, 0)).isEqualTo(320);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void decodesA2xLoginWithAFourBytePresence() {
        byte[] wire = Hex.bytes("""
                02 00C8 0001 0000001B
                0001 00000002 0001
                0005 00000003 626F62
                0009 00000004 00000003   |presence busy as int32|
                """);
        EmbeddedChannel ch = new EmbeddedChannel(new Mig33FrameDecoder(PacketCodec.DEFAULT_MAX_CONTENT));
        ch.writeInbound(Unpooled.wrappedBuffer(wire));
        Packet login = ch.readInbound();
        assertThat(login.string(5)).isEqualTo("bob");
        assertThat(login.number(9, 0)).isEqualTo(3);
        ch.finish();
    }

    @Test
    void twoPacketsInOneSegment() {
        byte[] one = Hex.bytes("02 0002 0005 00000000");
        byte[] both = new byte[one.length * 2];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(one, 0, both, one.length, one.length);
        EmbeddedChannel ch = new EmbeddedChannel(new Mig33FrameDecoder(PacketCodec.DEFAULT_MAX_CONTENT));
        ch.writeInbound(Unpooled.wrappedBuffer(both));
        assertThat(((Packet) ch.readInbound()).type()).isEqualTo(PacketType.PING);
        assertThat(((Packet) ch.readInbound()).txn()).isEqualTo(5);
        ch.finish();
    }

    @Test
    void ignoresUnknownFields() {
        byte[] wire = Hex.bytes("02 01F4 0001 00000010  7777 00000002 0102  0008 00000002 6869");
        Packet p = PacketCodec.read(Unpooled.wrappedBuffer(wire), 1000);
        assertThat(p.string(8)).isEqualTo("hi");
    }

    @Test
    void rejectsBadMagicOversizeAndOverrunningFields() {
        assertThatThrownBy(() -> PacketCodec.read(Unpooled.wrappedBuffer(Hex.bytes("03 0002 0001 00000000")), 100))
                .isInstanceOf(FramingException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> PacketCodec.read(Unpooled.wrappedBuffer(Hex.bytes("02 0002 0001 00000065")), 100))
                .isInstanceOf(FramingException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> PacketCodec.read(
                Unpooled.wrappedBuffer(Hex.bytes("02 01F4 0001 00000008 0008 00000009 6869")), 100))
                .isInstanceOf(FramingException.class).hasMessageContaining("overruns");
        EmbeddedChannel ch = new EmbeddedChannel(new Mig33FrameDecoder(100));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(Hex.bytes("FF 0002 0001 00000000"))))
                .isInstanceOf(DecoderException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void numbersAreReadByTheirLength() {
        Packet p = Packet.of(1, 1).int8(1, 200).int16(2, -2).int32(3, 70000).int64(4, 1L << 40)
                .bytes(5, new byte[3]).build();
        assertThat(p.number(1, 0)).isEqualTo(200);
        assertThat(p.number(2, 0)).isEqualTo(-2);
        assertThat(p.number(3, 0)).isEqualTo(70000);
        assertThat(p.number(4, 0)).isEqualTo(1L << 40);
        assertThat(p.number(6, 42)).isEqualTo(42);
        assertThatThrownBy(() -> p.number(5, 0)).isInstanceOf(MalformedFieldException.class);
    }

    @Test
    void theSpecsSyntheticLoginResponse() {
        Packet p = Packet.of(PacketType.LOGIN_RESPONSE, 2).int32(1, 1630532928).build();
        var buf = Unpooled.buffer();
        PacketCodec.write(p, buf);
        assertThat(Hex.of(io.netty.buffer.ByteBufUtil.getBytes(buf)))
                .isEqualTo(Hex.of(Hex.bytes("02 00 CA 00 02 00 00 00 0A 00 01 00 00 00 04 61 2F F5 40")));
    }
}
