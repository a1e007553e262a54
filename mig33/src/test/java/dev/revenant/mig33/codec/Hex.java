package dev.revenant.mig33.codec;

import java.util.HexFormat;

/** Hex laid out by hand in tests: whitespace and {@code |…|} comments are ignored. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String laidOut) {
        String clean = laidOut.replaceAll("\\|[^|]*\\|", "").replaceAll("\\s+", "");
        return HexFormat.of().parseHex(clean);
    }

    static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
