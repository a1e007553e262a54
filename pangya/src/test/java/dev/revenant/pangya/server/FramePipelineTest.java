package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.ClientFrameCipher;
import dev.revenant.pangya.crypto.FrameRejectedException;
import dev.revenant.pangya.crypto.Lzo;
import dev.revenant.pangya.crypto.ServerFrameCipher;
import dev.revenant.pangya.crypto.TestKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The PangYa frame stages of the pipeline (PangyaServer's FRAMES and ENCODER) on an {@link EmbeddedChannel}:
 * client frames cut out of reads that split them anywhere, decrypted and decoded; a frame over the cap
 * refused; a server packet compressed and encrypted so that the client's side reads it back.
 */
class FramePipelineTest {
    private static final int KEY = 7;
    private static final Profile PROFILE = Profile.US852;
    private static final int CAP = 1024;

    private final ClientFrameCipher clientCipher = new ClientFrameCipher(TestKeys.tables());
    private final ServerFrameCipher serverCipher = new ServerFrameCipher(TestKeys.tables());

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new ClientFrameDecoder(clientCipher, KEY, PROFILE, CAP),
                new ServerFrameEncoder(serverCipher, KEY, PROFILE));
    }

    private byte[] frame(ClientPacket packet, int salt) {
        return clientCipher.encrypt(KEY, salt, ClientPacket.encode(packet, PROFILE));
    }

    @Test
    void framesSplitAnywhereAcrossReadsComeOutWholeAndInOrder() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        ClientPacket login = new ClientPacket.Login("tiger", "0123456789abcdef0123456789abcdef");
        ClientPacket select = new ClientPacket.SelectServer(20201);
        stream.write(frame(login, 0x31));
        stream.write(frame(select, 0xC4));
        byte[] bytes = stream.toByteArray();
        EmbeddedChannel channel = channel();
        // one byte, then up to the middle of the second frame, then the rest
        int middle = bytes.length - 4;
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, 1));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 1, middle - 1));
        assertThat((Object) channel.readInbound()).isEqualTo(login);
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, middle, bytes.length - middle));
        assertThat((Object) channel.readInbound()).isEqualTo(select);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameOverTheCapIsRefusedBeforeItsBytesArrive() {
        EmbeddedChannel channel = channel();
        // salt, then a length field of 4,000: more than the cap of 1,024, refused from the prefix alone
        ByteBuf prefix = Unpooled.buffer().writeByte(0x11).writeShortLE(4000).writeByte(0);
        assertThatThrownBy(() -> channel.writeInbound(prefix)).isInstanceOf(FrameRejectedException.class)
                .hasMessageContaining("over the cap");
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void aServerPacketIsWrittenAsAFrameTheClientReadsBack() {
        EmbeddedChannel channel = channel();
        ServerPacket packet = new ServerPacket.SessionKey("0123456789abcdef");
        assertThat(channel.writeOutbound(packet)).isTrue();
        ByteBuf out = channel.readOutbound();
        byte[] frame = new byte[out.readableBytes()];
        out.readBytes(frame);
        out.release();
        ServerFrameCipher.Opened opened = serverCipher.decrypt(KEY, frame);
        byte[] payload = Lzo.decompress(opened.compressed(), opened.uncompressedLength());
        assertThat(payload).isEqualTo(ServerPacket.encode(packet, PROFILE));
        assertThat(channel.finish()).isFalse();
    }
}
