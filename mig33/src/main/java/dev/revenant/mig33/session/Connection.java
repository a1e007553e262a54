package dev.revenant.mig33.session;

import dev.revenant.mig33.codec.Packet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** What the service may do with its client's connection; the server implements it on a Netty channel. */
public interface Connection {
    /**
     * What {@link #send} returns for a packet that was written, or was not, before it returned: no future made
     * per packet. Complete already and shared, so nothing may complete or obtrude them.
     */
    CompletableFuture<Boolean> WRITTEN = CompletableFuture.completedFuture(true);
    CompletableFuture<Boolean> NOT_WRITTEN = CompletableFuture.completedFuture(false);

    /**
     * Writes a packet, after every packet handed over before it (from any thread); completes with whether it
     * was written.
     */
    CompletionStage<Boolean> send(Packet packet);

    /**
     * Writes a packet without telling anyone whether it was written: a room line to many participants needs
     * no future per recipient. A transport may make this cheaper than {@link #send}. Like {@link #send}, it
     * writes packets in the order they were handed over, whichever threads handed them.
     */
    default void push(Packet packet) {
        send(packet);
    }

    /**
     * The thread that writes this connection's packets, or null when the transport has none. A room line
     * to many members is handed to each lane once, not once per member ({@link #pushFromLane}).
     */
    default Executor lane() {
        return null;
    }

    /** Whether the calling thread is this connection's {@link #lane}, which must never wait on the network. */
    default boolean inLane() {
        return false;
    }

    /** {@link #push}, called on this connection's {@link #lane}: no hand-off to another thread. */
    default void pushFromLane(Packet packet) {
        push(packet);
    }

    /** Closes once what was sent before has been written. */
    void close();

    /** The session has logged in: the transport may now apply the logged-in limits (longer idle time). */
    void loggedIn();

    /** The client's IP address alone, for per-address limits. */
    String remoteHost();

    /** The client's address, for logs and limits. */
    String remoteAddress();

    /**
     * The id LOGIN_CHALLENGE tells the client (field 2), or null for a fresh random one. Over HTTP it is the
     * name the phone's next requests carry, so the transport chooses it; over TCP the connection is the
     * session and the id names nothing.
     */
    default String sessionId() {
        return null;
    }

    /** What carries the session, for the operator's list of sessions: {@code tcp}, {@code http} or {@code websocket}. */
    default String transport() {
        return "tcp";
    }
}
