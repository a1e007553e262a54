package dev.revenant.app.midlet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * A JAR manifest's main attributes, read with java.util.jar and edited as text: a changed attribute is
 * written again (folded at 72 bytes as the JAR format wants), every other line keeps its bytes.
 */
final class ManifestText {
    private static final int MAX_LINE = 72;

    private ManifestText() {}

    /** The main attributes; IllegalArgumentException when the manifest does not parse. */
    static Attributes mainAttributes(byte[] manifest) {
        try {
            return new Manifest(new ByteArrayInputStream(manifest)).getMainAttributes();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("META-INF/MANIFEST.MF does not parse: " + e.getMessage());
        }
    }

    /**
     * The manifest with a new value for one main attribute that it has (names compared without case,
     * as the JAR format does). The attribute's header and continuation lines are replaced; the rest of
     * the bytes are copied.
     */
    static byte[] withMainAttribute(byte[] manifest, String name, String value) {
        int start = 0;
        while (start < manifest.length) {
            int end = lineEnd(manifest, start);
            int next = afterNewline(manifest, end);
            if (end == start) {
                break; // the blank line that ends the main section
            }
            if (startsWithName(manifest, start, end, name)) {
                int last = next;
                while (last < manifest.length && manifest[last] == ' ') { // continuation lines
                    last = afterNewline(manifest, lineEnd(manifest, last));
                }
                byte[] newline = java.util.Arrays.copyOfRange(manifest, end, next);
                ByteArrayOutputStream out = new ByteArrayOutputStream(manifest.length + value.length());
                out.write(manifest, 0, start);
                // the name as the manifest spells it (the lookup ignores case, the rewrite should not change it)
                String spelled = new String(manifest, start, name.length(), StandardCharsets.US_ASCII);
                out.writeBytes(folded(spelled + ": " + value,
                        newline.length == 0 ? "\r\n".getBytes(StandardCharsets.US_ASCII) : newline));
                out.write(manifest, last, manifest.length - last);
                return out.toByteArray();
            }
            start = next;
        }
        throw new IllegalArgumentException("the manifest has no " + name + " attribute");
    }

    private static byte[] folded(String header, byte[] newline) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 16);
        int at = 0;
        int room = MAX_LINE;
        while (true) {
            int n = Math.min(room, text.length - at);
            // never cut a UTF-8 sequence in two
            while (n > 0 && at + n < text.length && (text[at + n] & 0xC0) == 0x80) {
                n--;
            }
            out.write(text, at, n);
            out.writeBytes(newline);
            at += n;
            if (at >= text.length) {
                return out.toByteArray();
            }
            out.write(' ');
            room = MAX_LINE - 1;
        }
    }

    private static boolean startsWithName(byte[] m, int start, int end, String name) {
        byte[] n = (name + ":").getBytes(StandardCharsets.US_ASCII);
        if (end - start < n.length) {
            return false;
        }
        for (int i = 0; i < n.length; i++) {
            if (Character.toLowerCase(m[start + i]) != Character.toLowerCase(n[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] m, int from) {
        int i = from;
        while (i < m.length && m[i] != '\r' && m[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int afterNewline(byte[] m, int end) {
        if (end < m.length && m[end] == '\r') {
            end++;
        }
        if (end < m.length && m[end] == '\n') {
            end++;
        }
        return end;
    }
}
