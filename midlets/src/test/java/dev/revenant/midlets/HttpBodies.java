package dev.revenant.midlets;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Cuts a stream of HTTP/1.1 messages (requests one way, answers the other) into their bodies, for the wire
 * tap's HTTP door: mig33 over HTTP carries packets in bodies whose length the Content-Length header gives
 * (the MIDlets send one, and read the server's answer by it). A message without one has no body.
 */
final class HttpBodies {
    private HttpBodies() {}

    /** The body of the next whole message, its head and body consumed; null while one is incomplete. */
    static ByteBuf next(ByteBuf pending) {
        int start = pending.readerIndex();
        int end = -1;
        for (int i = start; i + 3 < pending.writerIndex(); i++) {
            if (pending.getByte(i) == '\r' && pending.getByte(i + 1) == '\n' && pending.getByte(i + 2) == '\r'
                    && pending.getByte(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String head = pending.toString(start, end - start, StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        if (pending.writerIndex() - end < length) {
            return null;
        }
        ByteBuf body = pending.slice(end, length);
        pending.readerIndex(end + length);
        return body;
    }
}
