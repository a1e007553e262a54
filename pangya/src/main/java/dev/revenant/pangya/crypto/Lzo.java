package dev.revenant.pangya.crypto;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import java.util.Arrays;

/**
 * LZO1X-1 raw streams (no header; they end with the marker {@code 11 00 00}) as the client expects them,
 * by aircompressor. Checked against liblzo2 both ways when it was chosen.
 */
public final class Lzo {
    /**
     * A compressor holds a 64 KB hash table: making one per packet cost more than compressing the packet
     * (JMH: about 5 µs of a 0x0001's encode went to allocating and zeroing it). It is not thread-safe, so
     * each thread keeps its own; each call clears the part of the table it uses, so reuse is safe.
     */
    private static final ThreadLocal<LzoCompressor> COMPRESSOR = ThreadLocal.withInitial(LzoCompressor::new);

    private Lzo() {}

    public static byte[] compress(byte[] input) {
        LzoCompressor compressor = COMPRESSOR.get();
        byte[] out = new byte[compressor.maxCompressedLength(input.length)];
        int n = compressor.compress(input, 0, input.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    /**
     * Decompresses a stream that must yield exactly {@code expectedLength} bytes.
     *
     * @throws FrameRejectedException when the stream is malformed or its length disagrees
     */
    public static byte[] decompress(byte[] compressed, int expectedLength) {
        byte[] out = new byte[expectedLength];
        int n;
        try {
            n = new LzoDecompressor().decompress(compressed, 0, compressed.length, out, 0, out.length);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new FrameRejectedException("malformed LZO stream: " + e.getMessage());
        }
        if (n != expectedLength) {
            throw new FrameRejectedException("LZO stream gave " + n + " bytes, frame announced " + expectedLength);
        }
        return out;
    }
}
