package dev.revenant.pangya.login;

import dev.revenant.pangya.codec.ServerPacket;

/** The connection as the login rules see it; implemented over Netty by the server. Safe from any thread. */
public interface Outbound {
    /**
     * Sends a packet. Packets sent by one conversation step (one received packet, or one resumed task) go
     * out together, in order, with one flush when the step ends or closes the connection.
     */
    void send(ServerPacket packet);

    /** Closes the connection, counted under {@code cause}; {@code reason} is for the log. */
    void close(DisconnectCause cause, String reason);

    /** The account is authenticated: lift the pre-login frame cap and read timeout. */
    void loggedIn();

    /**
     * Runs {@code task} in this connection's order, on a worker, as if it were the next packet: how the
     * answer of a password check (done on the hashing pool) comes back to the conversation.
     */
    void resume(Runnable task);

    /** The peer address, for logs. */
    String remote();
}
