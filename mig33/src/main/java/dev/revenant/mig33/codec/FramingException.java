package dev.revenant.mig33.codec;

import io.netty.handler.codec.DecoderException;

/** The byte stream is not mig33 framing (bad magic, oversize, overrunning field): the connection closes. */
public final class FramingException extends DecoderException {
    public FramingException(String message) {
        super(message);
    }
}
