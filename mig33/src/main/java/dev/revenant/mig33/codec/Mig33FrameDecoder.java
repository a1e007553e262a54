package dev.revenant.mig33.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/** Cuts the byte stream into {@link Packet}s; a framing error propagates and the handler closes. */
public final class Mig33FrameDecoder extends ByteToMessageDecoder {
    private volatile int maxContent;

    public Mig33FrameDecoder(int maxContent) {
        this.maxContent = maxContent;
    }

    /** Changes the content limit, e.g. a larger one once the user has logged in. */
    public void maxContent(int maxContent) {
        this.maxContent = maxContent;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Packet p;
        try {
            while ((p = PacketCodec.read(in, maxContent)) != null) {
                out.add(p);
            }
        } catch (FramingException e) {
            // nothing after a framing error can be trusted: drop it, so it is reported once
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }
}
