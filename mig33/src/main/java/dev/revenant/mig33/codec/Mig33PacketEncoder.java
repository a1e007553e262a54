package dev.revenant.mig33.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Packet}s; stateless, so one instance serves every connection. */
@ChannelHandler.Sharable
public final class Mig33PacketEncoder extends MessageToByteEncoder<Packet> {
    public static final Mig33PacketEncoder INSTANCE = new Mig33PacketEncoder();

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Packet msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(PacketCodec.HEADER + msg.contentLength());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet msg, ByteBuf out) {
        PacketCodec.write(msg, out);
    }
}
