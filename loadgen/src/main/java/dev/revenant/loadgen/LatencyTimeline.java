package dev.revenant.loadgen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency over time ({@code --latency-log}): for each tenth of a second of a run, the deliveries that arrived in
 * it and their p50, p99 and longest latency, under the wall-clock time. A run's p99 says that a tail exists;
 * this says when: a stall shows as a tenth with few deliveries followed by tenths of long ones, to be matched
 * with the server's GC log ({@code -Xlog:gc:file=…:time}) and the generator's own.
 *
 * <p>Deliveries are recorded by the generator's event loops; the lines are written by the sending thread as it
 * goes round its schedule, so the file costs no thread of its own.
 */
final class LatencyTimeline implements AutoCloseable {
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final String HEADER = "time,phase,deliveries,p50Ms,p99Ms,maxMs";

    /** Microseconds, up to an hour, three significant digits: as the run's own histogram. */
    private final Recorder recorder = new Recorder(3_600_000_000L, 3);
    private final BufferedWriter out;
    private Histogram recycled;
    private long nextLine;

    private LatencyTimeline(BufferedWriter out, long start) {
        this.out = out;
        this.nextLine = start + INTERVAL_NANOS;
    }

    /** A timeline written to {@code file} (replaced), its first interval starting now. */
    static LatencyTimeline writingTo(Path file) {
        try {
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
            out.write(HEADER);
            out.newLine();
            return new LatencyTimeline(out, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("--latency-log " + file + ": " + e.getMessage(), e);
        }
    }

    /** One delivery's latency; from any thread. */
    void record(long micros) {
        recorder.recordValue(micros);
    }

    /**
     * Writes the line of the interval that ended by {@code now} ({@link System#nanoTime()}), if one did;
     * {@code measured} says whether the run is past its warm-up. Called by one thread, every few milliseconds.
     * If that thread was held up for longer than an interval (the generator's own pause), one line covers the
     * whole time, under its end: a gap in the time column is the generator's stall, not the server's.
     */
    void tick(long now, boolean measured) {
        if (now < nextLine) {
            return;
        }
        long passed = (now - nextLine) / INTERVAL_NANOS;
        long end = nextLine + passed * INTERVAL_NANOS;
        Histogram h = recorder.getIntervalHistogram(recycled);
        recycled = h;
        // nanoTime has no epoch: the interval's end is placed on the wall clock back from now
        line(Instant.now().minusNanos(now - end).truncatedTo(ChronoUnit.MILLIS), measured, h);
        nextLine = end + INTERVAL_NANOS;
    }

    private void line(Instant end, boolean measured, Histogram h) {
        long n = h.getTotalCount();
        String text = n == 0
                ? String.format(Locale.ROOT, "%s,%s,0,,,", end, measured ? "measured" : "warmup")
                : String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.3f,%.3f", end, measured ? "measured" : "warmup", n,
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        try {
            out.write(text);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
