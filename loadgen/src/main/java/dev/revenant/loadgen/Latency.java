package dev.revenant.loadgen;

import java.nio.charset.StandardCharsets;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency: a message's text carries the sender's {@link System#nanoTime()}, the receiver
 * records now minus that. Sender and receiver live in this one process, so the clocks agree.
 */
final class Latency {
    private static final String MARK = "t";
    /** Microseconds, up to an hour, three significant digits. */
    private final ConcurrentHistogram micros = new ConcurrentHistogram(3_600_000_000L, 3);
    /** Where each latency also goes while a run writes its latency over time ({@code --latency-log}), or null. */
    private volatile LatencyTimeline timeline;

    static String stamp() {
        return MARK + System.nanoTime();
    }

    /** Records the text's latency; false when the text carries no stamp (not ours). */
    boolean record(byte[] text) {
        if (text == null || text.length < 2 || text[0] != 't') {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(new String(text, 1, text.length - 1, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return false;
        }
        long latency = Math.max(0, (System.nanoTime() - sent) / 1000);
        micros.recordValue(latency);
        LatencyTimeline t = timeline;
        if (t != null) {
            t.record(latency);
        }
        return true;
    }

    /** Also records into {@code t} from now on (null: no longer). */
    void timeline(LatencyTimeline t) {
        timeline = t;
    }

    /** Forgets the warm-up. */
    void reset() {
        micros.reset();
    }

    Histogram snapshot() {
        return micros.copy();
    }
}
