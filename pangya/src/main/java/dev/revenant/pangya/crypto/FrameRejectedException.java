package dev.revenant.pangya.crypto;

/** A frame that cannot be ours: wrong check byte, impossible length. The connection is dropped. */
public final class FrameRejectedException extends RuntimeException {
    public FrameRejectedException(String message) {
        super(message, null, false, false); // no stack trace: a client causes this, not the server
    }
}
