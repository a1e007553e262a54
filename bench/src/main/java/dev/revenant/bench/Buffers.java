package dev.revenant.bench;

import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/** The direct buffers the mig33 benchmarks read from and write into, as the server's sockets use them. */
final class Buffers {
    private Buffers() {}

    /** A buffer holding {@code p} as it goes on the wire. */
    static ByteBuf holding(Packet p) {
        ByteBuf buf = empty();
        PacketCodec.write(p, buf);
        return buf;
    }

    /** An empty buffer that a MESSAGE and its OK fit in without growing. */
    static ByteBuf empty() {
        return PooledByteBufAllocator.DEFAULT.directBuffer(512);
    }
}
