package dev.revenant.mig33.codec;

/** A field a client sent cannot be read as its packet type says; the request gets an ERROR. */
public final class MalformedFieldException extends RuntimeException {
    public MalformedFieldException(String message) {
        super(message);
    }
}
