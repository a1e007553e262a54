package dev.revenant.app.dissect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One direction of an HTTP/1.x connection cut into messages, handing on their bodies: spec §8's port 80
 * carried mig33 packets in POST bodies and in the answers' bodies. Bodies come with Content-Length,
 * chunked, or (an answer) up to the close.
 */
final class HttpMessages {
    /** A start line and headers longer than this are not HTTP the dissector will follow. */
    private static final int MAX_HEAD = 64 * 1024;
    private static final String[] STARTS = {"POST ", "GET ", "PUT ", "HEAD ", "HTTP/1."};

    /** What a piece of the stream was: a message's start line (with its body length), or body bytes. */
    sealed interface Part permits Head, Body, Broken {}

    /** A message began: its start line and what its headers say of its body. */
    record Head(String startLine, String body) implements Part {}

    /** Body bytes, in order. */
    record Body(byte[] bytes) implements Part {}

    /** The stream stopped being HTTP the dissector can follow; the rest is skipped. */
    record Broken(String why) implements Part {}

    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, TO_CLOSE, BROKEN }

    private State state = State.HEAD;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long remaining;
    /** The last four bytes of the line or head so far, to see its end without copying it. */
    private int tail;

    /**
     * Whether a stream that begins with these bytes is HTTP: TRUE or FALSE, or null while too few bytes
     * have come to tell.
     */
    static Boolean looksLikeHttp(byte[] start) {
        String s = new String(start, 0, Math.min(start.length, 8), StandardCharsets.ISO_8859_1);
        for (String token : STARTS) {
            if (s.startsWith(token)) {
                return true;
            }
            if (token.startsWith(s)) {
                return null;
            }
        }
        return false;
    }

    /** The parts these bytes complete. */
    List<Part> feed(byte[] data, int from, int length) {
        List<Part> out = new ArrayList<>();
        int i = from;
        int end = from + length;
        while (i < end) {
            switch (state) {
                case HEAD, CHUNK_SIZE, CHUNK_END, TRAILER -> {
                    byte b = data[i++];
                    line.write(b);
                    tail = (tail << 8) | (b & 0xFF);
                    if (line.size() > MAX_HEAD) {
                        state = State.BROKEN;
                        out.add(new Broken("a line or header of more than " + MAX_HEAD + " bytes"));
                    } else if (state == State.HEAD ? tail == 0x0D0A0D0A : b == '\n') {
                        String text = line.toString(StandardCharsets.ISO_8859_1);
                        line.reset();
                        tail = 0;
                        lineDone(text, out);
                    }
                }
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    out.add(new Body(java.util.Arrays.copyOfRange(data, i, i + n)));
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.HEAD : State.CHUNK_END;
                    }
                }
                case TO_CLOSE -> {
                    out.add(new Body(java.util.Arrays.copyOfRange(data, i, end)));
                    i = end;
                }
                case BROKEN -> i = end;
            }
        }
        return out;
    }

    /** Bytes lost from the capture: where the messages are now cannot be known. */
    List<Part> gap() {
        if (state == State.BROKEN) {
            return List.of();
        }
        state = State.BROKEN;
        return List.of(new Broken("bytes are missing from the capture"));
    }

    private void lineDone(String text, List<Part> out) {
        switch (state) {
            case HEAD -> head(text, out);
            case CHUNK_SIZE -> {
                String size = text.strip();
                int semicolon = size.indexOf(';');
                try {
                    remaining = Long.parseLong(semicolon >= 0 ? size.substring(0, semicolon).strip() : size, 16);
                } catch (NumberFormatException e) {
                    state = State.BROKEN;
                    out.add(new Broken("a chunk size that is not hex: " + size));
                    return;
                }
                state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILER -> {
                if (text.strip().isEmpty()) {
                    state = State.HEAD;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void head(String text, List<Part> out) {
        String[] lines = text.split("\r\n");
        String start = lines[0];
        if (looksLikeHttp(start.getBytes(StandardCharsets.ISO_8859_1)) != Boolean.TRUE) {
            state = State.BROKEN;
            out.add(new Broken("a message that does not start like HTTP: " + start));
            return;
        }
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    length = -1;
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        boolean response = start.startsWith("HTTP/");
        boolean noBody = response && (start.matches("HTTP/\\S+ (1\\d\\d|204|304).*"));
        if (chunked) {
            state = State.CHUNK_SIZE;
            out.add(new Head(start, "chunked body"));
        } else if (length > 0) {
            state = State.BODY;
            remaining = length;
            out.add(new Head(start, length + " body bytes"));
        } else if (response && length < 0 && !noBody) {
            state = State.TO_CLOSE;
            out.add(new Head(start, "body up to the close"));
        } else {
            state = State.HEAD;
            out.add(new Head(start, "no body"));
        }
    }
}
