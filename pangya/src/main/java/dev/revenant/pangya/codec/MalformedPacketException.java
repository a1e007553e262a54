package dev.revenant.pangya.codec;

/** A packet that does not parse: too short, a string longer than the packet, an unknown id. */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message, null, false, false); // a client causes this: no stack trace
    }
}
