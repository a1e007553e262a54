package dev.revenant.pangya.codec;

import java.util.HexFormat;

/** Expectations written as hex dumps ("00000000  01 00 e3 …", offsets optional), as the seed and pangbox lay them out. */
public final class Hex {
    private Hex() {}

    public static byte[] dump(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.strip().split("\n")) {
            String body = line.strip();
            // a leading 8-digit offset column is dropped
            if (body.matches("^[0-9a-fA-F]{8}\\s.*")) {
                body = body.substring(8);
            }
            hex.append(body.replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(hex.toString());
    }
}
