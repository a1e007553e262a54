package dev.revenant.core.limits;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one warning of a kind through per interval and counts the rest, so that an outage met by thousands
 * of requests reads as a few lines that say how many were refused, not as thousands of lines. Thread-safe.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final LongSupplier nanos;
    private final AtomicLong next;
    private final AtomicLong suppressed = new AtomicLong();

    public LogThrottle(java.time.Duration interval, LongSupplier nanos) {
        this.intervalNanos = interval.toNanos();
        this.nanos = nanos;
        this.next = new AtomicLong(nanos.getAsLong());
    }

    /**
     * Whether this occurrence should be logged; if so, returns how many were held back since the last
     * logged one (0 or more), else -1.
     */
    public long admit() {
        long now = nanos.getAsLong();
        long due = next.get();
        if (now - due >= 0 && next.compareAndSet(due, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
