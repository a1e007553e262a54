package dev.revenant.core.net;

/**
 * How many connections the server accepts: from one address at once, in all at once, and new ones per
 * address per second. 0 means no limit. They count across every protocol the server runs.
 */
public record ConnectionLimits(int perAddress, int total, int newPerAddressPerSecond) {
    public static final ConnectionLimits NONE = new ConnectionLimits(0, 0, 0);

    public ConnectionLimits {
        if (perAddress < 0 || total < 0 || newPerAddressPerSecond < 0) {
            throw new IllegalArgumentException("connection limits must be 0 (no limit) or positive");
        }
    }
}
