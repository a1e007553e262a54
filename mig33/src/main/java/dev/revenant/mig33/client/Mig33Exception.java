package dev.revenant.mig33.client;

import dev.revenant.mig33.codec.Packet;

/** The server answered a request with ERROR (or something else unexpected). */
public final class Mig33Exception extends RuntimeException {
    private final transient Packet answer;

    public Mig33Exception(String message, Packet answer) {
        super(message);
        this.answer = answer;
    }

    /** The server's answer. */
    public Packet answer() {
        return answer;
    }

    /** ERROR field 1, or -1 when the answer has none (LOGIN_NOTIFY). */
    public int code() {
        return answer == null ? -1 : answer.integer(1, -1);
    }
}
