package dev.revenant.mig33.server;

/** The names of the stages of a mig33 connection's pipeline, TCP, HTTP and WebSocket alike. */
final class Stages {
    private Stages() {}

    /** TCP: the answers to what one read brought go out in one write, at the end of that read. */
    static final String FLUSHES = "flushes";
    /** Reading times out: the login timeout, then (TCP) the longer idle timeout once logged in. */
    static final String IDLE = "idle";
    /** A write that cannot finish cuts the client off ({@code mig33.writeTimeout}). */
    static final String WRITE_TIMEOUT = "writeTimeout";
    /** TCP: the frame decoder (packet header and length, the size limit). */
    static final String FRAMES = "frames";
    /** TCP: the packet encoder. */
    static final String PACKETS = "packets";
    /** WebSocket: text frames to packets (their JSON form) and back. */
    static final String JSON = "json";
    /** HTTP: Netty's HTTP codec. */
    static final String HTTP_CODEC = "codec";
    /** HTTP: one request body at a time, of bounded size. */
    static final String BODY = "body";
    /** The session's handler: requests to the service, on the session's serial executor. */
    static final String SESSION = "session";
}
