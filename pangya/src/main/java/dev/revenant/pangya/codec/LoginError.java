package dev.revenant.pangya.codec;

/** Error codes of the Login result 0x0001 (from the seed). */
public final class LoginError {
    private LoginError() {}

    /** Stale session: the client answers with Ghost 0x0004. */
    public static final long ALREADY_LOGGED_IN = 5100019;
    /** Still connected on another live connection. */
    public static final long DUPLICATE_CONNECTION = 5100107;
    public static final long INVALID_CREDENTIALS = 5100143;
    /** Reconnect 0x000B with a wrong or expired login key. */
    public static final long BAD_RECONNECT_TOKEN = 5157002;
}
