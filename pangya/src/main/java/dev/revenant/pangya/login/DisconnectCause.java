package dev.revenant.pangya.login;

import java.util.Locale;

/** Why the server closed a PangYa connection: the {@code cause} tag of {@code revenant.pangya.disconnects}. */
public enum DisconnectCause {
    /** A packet the login rules do not allow in the current state (spec §8). */
    PROTOCOL,
    /** Too many wrong passwords or reconnect keys on one connection. */
    FAILED_LOGINS,
    /** A newer login of the same account took over. */
    TAKEOVER,
    /** The store could not be reached; the client got the maintenance answer. */
    STORE_UNAVAILABLE,
    /** More packets than a login needs, faster than a client sends them. */
    FLOOD,
    /** A frame or packet that does not decode: over the cap, a wrong check byte, bad fields. */
    BAD_INPUT,
    /** Nothing read within the read timeout. */
    IDLE,
    /** The worker pool, or the password-check pool (the client got the maintenance answer), is full. */
    BUSY,
    /** A fault of the server's own. */
    SERVER_ERROR;

    /** The metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
