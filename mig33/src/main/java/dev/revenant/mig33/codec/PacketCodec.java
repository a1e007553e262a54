package dev.revenant.mig33.codec;

import io.netty.buffer.ByteBuf;

/** Reads and writes the wire form of spec §1–§2: a 9-byte header, then id/length/value fields. */
public final class PacketCodec {
    public static final int MAGIC = 0x02;
    public static final int HEADER = 9;
    /** What the production server accepted as content per packet (spec §1). */
    public static final int DEFAULT_MAX_CONTENT = 358_400;

    private PacketCodec() {}

    /** Writes a whole packet. */
    public static void write(Packet p, ByteBuf out) {
        out.ensureWritable(HEADER + p.contentLength());
        out.writeByte(MAGIC);
        out.writeShort(p.type());
        out.writeShort(p.txn());
        out.writeInt(p.contentLength());
        p.writeContent(out);
    }

    /**
     * Reads one packet if the buffer holds a whole one; returns null (reading nothing) when more bytes
     * are needed. Throws {@link FramingException} on a bad magic, a content length over {@code maxContent}
     * or a field that overruns the packet.
     */
    public static Packet read(ByteBuf in, int maxContent) {
        if (in.readableBytes() < HEADER) {
            return null;
        }
        int start = in.readerIndex();
        int magic = in.getUnsignedByte(start);
        if (magic != MAGIC) {
            throw new FramingException("bad magic 0x" + Integer.toHexString(magic));
        }
        long length = in.getUnsignedInt(start + 5);
        if (length > maxContent) {
            throw new FramingException("content length " + length + " over the limit " + maxContent);
        }
        if (in.readableBytes() < HEADER + length) {
            return null;
        }
        int type = in.getShort(start + 1);
        int txn = in.getUnsignedShort(start + 3);
        in.skipBytes(HEADER);
        byte[] content = new byte[(int) length];
        in.readBytes(content);
        return Packet.read(type, txn, content);
    }
}
