package dev.revenant.mig33.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cuts one direction of a TCP stream into packets (spec §1 framing) as its bytes come, without Netty. */
public final class Mig33StreamDecoder {
    // Unlike the server's decoder this one never gives up on a stream, since a dissector must show all of
    // it: after a bad header it looks for the next plausible one (magic, a §9 type, a length within the
    // limit), and a packet whose fields overrun it is reported and stepped over by its content length.
    // Not thread-safe: one decoder per direction.

    /** What the decoder found at a byte offset of the stream: a packet or a problem. */
    public sealed interface Item permits Frame, Problem {
        /** Where in this direction's stream the packet or the problem starts (0 = first byte fed). */
        long offset();
    }

    /** A whole packet. */
    public record Frame(long offset, Packet packet) implements Item {}

    /** Bytes that are not a packet, and why. */
    public record Problem(long offset, String message) implements Item {}

    private final int maxContent;
    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    /** Stream offset of {@code buf[start]}. */
    private long position;
    /** While looking for a header again: where the skipping began and why (null when in step). */
    private long skipFrom;
    private String skipReason;

    public Mig33StreamDecoder() {
        this(PacketCodec.DEFAULT_MAX_CONTENT);
    }

    public Mig33StreamDecoder(int maxContent) {
        this.maxContent = maxContent;
    }

    /**
     * Adds bytes and returns what they complete, in stream order: whole packets, and one problem for each
     * stretch that is not mig33 framing (reported once the next packet header is found, or at {@link #finish}).
     */
    public List<Item> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Adds {@code length} bytes from {@code offset} and returns what they complete, in stream order. */
    public List<Item> feed(byte[] bytes, int offset, int length) {
        append(bytes, offset, length);
        List<Item> out = new ArrayList<>();
        drain(out);
        return out;
    }

    /**
     * Bytes the capture lost (a hole in the TCP sequence): whatever packet was under way cannot be
     * finished, so it is reported and the decoder looks for the next header after the hole.
     */
    public List<Item> gap(long missing) {
        List<Item> out = new ArrayList<>();
        long holeAt = position + (end - start);
        if (skipReason == null) {
            out.add(new Problem(position, (end > start ? unfinished() + ", cut by " : "") + missing
                    + " bytes missing from the capture at byte " + holeAt));
            skipFrom = holeAt + missing;
            skipReason = "after the missing bytes";
        }
        position = holeAt + missing;
        start = end = 0;
        return out;
    }

    /** The end of the stream: what is left over is reported. */
    public List<Item> finish() {
        List<Item> out = new ArrayList<>();
        drain(out);
        if (skipReason != null) {
            long skipped = position + (end - start) - skipFrom;
            if (skipped > 0) {
                out.add(new Problem(skipFrom, skipReason + "; no packet header in the last " + skipped + " bytes"));
            }
            skipReason = null;
        } else if (end > start) {
            out.add(new Problem(position, "the stream ends inside a packet: " + unfinished()));
        }
        position += end - start;
        start = end = 0;
        return out;
    }

    /** Bytes taken so far (the offset of the next byte fed). */
    public long position() {
        return position + (end - start);
    }

    private String unfinished() {
        int have = end - start;
        if (have < PacketCodec.HEADER) {
            return have + " bytes, less than a packet header";
        }
        int type = (short) u16(start + 1);
        return have + " bytes of " + label(type, u16(start + 3))
                + ", which declares " + u32(start + 5) + " content bytes";
    }

    private static String label(int type, int txn) {
        return PacketDescription.name(type) + " (" + type + ") txn=" + txn;
    }

    private void drain(List<Item> out) {
        while (true) {
            if (skipReason != null && !resync(out)) {
                return;
            }
            int have = end - start;
            if (have < PacketCodec.HEADER) {
                return;
            }
            int magic = buf[start] & 0xFF;
            long length = u32(start + 5);
            if (magic != PacketCodec.MAGIC) {
                startSkipping("bad magic 0x" + hex2(magic));
                continue;
            }
            if (length > maxContent) {
                startSkipping("content length " + length + " over the limit " + maxContent);
                continue;
            }
            if (have < PacketCodec.HEADER + length) {
                return;
            }
            out.add(frame((int) length));
            consume(PacketCodec.HEADER + (int) length);
        }
    }

    /** The whole packet at {@code start}, or the problem with its fields. */
    private Item frame(int length) {
        int type = (short) u16(start + 1);
        int txn = u16(start + 3);
        int at = start + PacketCodec.HEADER;
        int stop = at + length;
        int fields = 0;
        while (at < stop) {
            if (stop - at < 6) {
                return new Problem(position, label(type, txn) + ": " + (stop - at) + " bytes left after field "
                        + fields + ", too few for a field header (a packet of " + length + " content bytes)");
            }
            int id = u16(at);
            long valueLength = u32(at + 2);
            at += 6;
            if (valueLength > stop - at) {
                return new Problem(position, label(type, txn) + ": field " + id + " declares " + valueLength
                        + " bytes but " + (stop - at) + " are left in the packet");
            }
            fields++;
            at += (int) valueLength;
        }
        return new Frame(position, Packet.read(type, txn, Arrays.copyOfRange(buf, start + PacketCodec.HEADER, stop)));
    }

    private void startSkipping(String reason) {
        skipFrom = position;
        skipReason = reason + " at byte " + position;
        consume(1);
    }

    /**
     * Moves to the next byte where a plausible header starts; true when found (one problem line says what
     * was skipped), false when more bytes are needed to tell.
     */
    private boolean resync(List<Item> out) {
        while (end - start > 0) {
            if ((buf[start] & 0xFF) == PacketCodec.MAGIC) {
                if (end - start < PacketCodec.HEADER) {
                    return false;
                }
                int type = (short) u16(start + 1);
                long length = u32(start + 5);
                if (PacketCatalogue.entry(type) != null && length <= maxContent) {
                    if (position > skipFrom) {
                        out.add(new Problem(skipFrom, skipReason + "; skipped " + (position - skipFrom)
                                + " bytes to the next packet header at byte " + position));
                    }
                    skipReason = null;
                    return true;
                }
            }
            consume(1);
        }
        return false;
    }

    private void consume(int n) {
        start += n;
        position += n;
        if (start == end) {
            start = end = 0;
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (buf.length - end < length) {
            int have = end - start;
            if (buf.length - have < length) {
                buf = Arrays.copyOfRange(buf, start, Math.max(buf.length * 2, have + length));
            } else {
                System.arraycopy(buf, start, buf, 0, have);
            }
            start = 0;
            end = have;
        }
        System.arraycopy(bytes, offset, buf, end, length);
        end += length;
    }

    private int u16(int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    private long u32(int at) {
        return ((long) (buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
    }

    private static String hex2(int b) {
        return b < 16 ? "0" + Integer.toHexString(b) : Integer.toHexString(b);
    }
}
