package dev.revenant.pangya.login;

import dev.revenant.pangya.codec.ServerPacket;

/** The connection as the login rules see it; implemented over Netty by the server. Safe from any thread. */
public interface Outbound {
    void send(ServerPacket packet);

    /** Closes the connection, counted under {@code cause}; {@code reason} is for the log. */
    void close(DisconnectCause cause, String reason);

    /** The account is authenticated: lift the pre-login frame cap and read timeout. */
    void loggedIn();

    /** The peer address, for logs. */
    String remote();
}
