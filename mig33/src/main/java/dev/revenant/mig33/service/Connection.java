package dev.revenant.mig33.service;

import dev.revenant.mig33.codec.Packet;
import java.util.concurrent.CompletionStage;

/** What the service may do with its client's connection; the server implements it on a Netty channel. */
public interface Connection {
    /** Writes a packet; completes with whether it was written. */
    CompletionStage<Boolean> send(Packet packet);

    /**
     * Writes a packet without telling anyone whether it was written: a room line to many participants needs
     * no future per recipient. A transport may make this cheaper than {@link #send}.
     */
    default void push(Packet packet) {
        send(packet);
    }

    /** Closes once what was sent before has been written. */
    void close();

    /** The session has logged in: the transport may now apply the logged-in limits (longer idle time). */
    void loggedIn();

    /** The client's IP address alone, for per-address limits. */
    String remoteHost();

    /** The client's address, for logs and limits. */
    String remoteAddress();
}
