package dev.revenant.core.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, up to {@code burst} saved. One per session and kind of
 * request; not shared between threads (a session's requests run one at a time). 0 per second: no limit.
 */
public final class RateLimit {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    public RateLimit(double perSecond, double burst, LongSupplier nanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
        this.tokens = burst;
        this.last = nanos.getAsLong();
    }

    /** Takes a token if there is one. */
    public boolean tryTake() {
        if (perNano <= 0) {
            return true;
        }
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
