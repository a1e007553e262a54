package dev.revenant.mig33.client;

import dev.revenant.mig33.codec.Packet;

/** The server answered a request with ERROR (or something else unexpected), or refused a WebSocket upgrade. */
public final class Mig33Exception extends RuntimeException {
    private final transient Packet answer;
    private final int httpStatus;

    public Mig33Exception(String message, Packet answer) {
        this(message, answer, 0);
    }

    public Mig33Exception(String message, Packet answer, int httpStatus) {
        super(message);
        this.answer = answer;
        this.httpStatus = httpStatus;
    }

    /** The HTTP status a refused WebSocket upgrade was answered with; 0 otherwise. */
    public int httpStatus() {
        return httpStatus;
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
