package dev.revenant.app.midlet;

import java.io.ByteArrayOutputStream;

/**
 * The "modified UTF-8" of class-file CONSTANT_Utf8 entries: like UTF-8, but NUL is two bytes and a
 * character outside the BMP is its two surrogates encoded one by one (JVMS 4.4.7).
 */
final class ModifiedUtf8 {
    private ModifiedUtf8() {}

    static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                out.write(c);
            } else if (c <= 0x07FF) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        return out.toByteArray();
    }

    /** Decodes {@code length} bytes at {@code offset}; null when they are not well-formed modified UTF-8. */
    static String decode(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder(length);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int x = b[i] & 0xFF;
            if (x >= 0x01 && x <= 0x7F) {
                s.append((char) x);
                i += 1;
            } else if ((x & 0xE0) == 0xC0 && i + 1 < end && (b[i + 1] & 0xC0) == 0x80) {
                s.append((char) (((x & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                i += 2;
            } else if ((x & 0xF0) == 0xE0 && i + 2 < end && (b[i + 1] & 0xC0) == 0x80 && (b[i + 2] & 0xC0) == 0x80) {
                s.append((char) (((x & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
                i += 3;
            } else {
                return null;
            }
        }
        return s.toString();
    }
}
