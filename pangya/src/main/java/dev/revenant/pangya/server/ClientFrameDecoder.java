package dev.revenant.pangya.server;

import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.MalformedPacketException;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.crypto.ClientFrameCipher;
import dev.revenant.pangya.crypto.FrameRejectedException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into client frames (a read may hold several frames or part of one), checks and
 * decrypts each and decodes its packet. A frame over the cap, a wrong check byte or a packet that does
 * not parse closes the connection.
 */
final class ClientFrameDecoder extends ByteToMessageDecoder {
    /** salt, u16 length, 0: enough to know the frame's size. */
    private static final int PREFIX = 3;
    /** A payload needs its u16 id: length field = payload + 1 check byte. */
    private static final int MIN_LENGTH_FIELD = 3;

    private final ClientFrameCipher cipher;
    private final int key;
    private final Profile profile;
    private volatile int maxFrame;

    ClientFrameDecoder(ClientFrameCipher cipher, int key, Profile profile, int maxFrame) {
        this.cipher = cipher;
        this.key = key;
        this.profile = profile;
        this.maxFrame = maxFrame;
    }

    /** Changes the cap (after login); takes effect from the next frame. */
    void maxFrame(int bytes) {
        this.maxFrame = bytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            frames(in, out);
        } catch (FrameRejectedException | MalformedPacketException e) {
            // the client's doing: drop what is left; the login handler logs, counts and closes
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(e);
        }
    }

    private void frames(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= PREFIX) {
            int lengthField = in.getUnsignedShortLE(in.readerIndex() + 1);
            int frameLength = ClientFrameCipher.frameLength(lengthField);
            if (lengthField < MIN_LENGTH_FIELD) {
                throw new FrameRejectedException("client frame too short to hold a packet id");
            }
            if (frameLength > maxFrame) {
                throw new FrameRejectedException("client frame of " + frameLength + " bytes over the cap of " + maxFrame);
            }
            if (in.readableBytes() < frameLength) {
                return;
            }
            byte[] frame = new byte[frameLength];
            in.readBytes(frame);
            out.add(ClientPacket.decode(cipher.decrypt(key, frame), profile));
        }
    }
}
