package dev.revenant.loadgen;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Open-loop message load: a total rate (users × rate per user) spread over the senders in turn, each
 * message stamped with its send time, whatever the answers do. A sender whose connection is over its
 * write high-water mark skips its turn (counted), so a slow server shows as skips and latency, not as an
 * unbounded queue in the generator.
 */
final class MessageTraffic {
    final LongAdder sent = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final Latency latency = new Latency();
    /**
     * Messages each sender has sent and not yet had answered. A write from the generator's thread is a task
     * queued on the client's event loop, invisible to the channel's high-water mark until it runs, so the
     * generator bounds what is in flight itself: past the cap a sender skips its turn.
     */
    private final AtomicIntegerArray inFlight;
    private final int maxInFlight;
    /** Starts measuring what the server spends (called on the sending thread), or null: it cannot be measured. */
    private final java.util.function.Supplier<ServerCost> meter;

    /** Where the run writes its latency over time ({@code --latency-log}), or null. */
    private final Path latencyLog;

    MessageTraffic(int senders, int maxInFlight) {
        this(senders, maxInFlight, null, null);
    }

    MessageTraffic(int senders, int maxInFlight, java.util.function.Supplier<ServerCost> meter, Path latencyLog) {
        this.inFlight = new AtomicIntegerArray(senders);
        this.maxInFlight = maxInFlight;
        this.meter = meter;
        this.latencyLog = latencyLog;
    }

    /** What sender {@code index} sends as its {@code seq}th message, stamped with {@code text}. */
    interface Messages {
        Packet next(Mig33Client sender, int index, long seq, String text);
    }

    /** Claims every packet client {@code index} receives: stamped MESSAGEs are deliveries, OKs and ERRORs answers. */
    Predicate<Packet> listener(int index) {
        return p -> {
            if (p.txn() != 0 && (p.type() == PacketType.OK || p.type() == PacketType.ERROR)) {
                inFlight.decrementAndGet(index);
            }
            switch (p.type()) {
                case PacketType.MESSAGE -> {
                    if (latency.record(p.raw(8))) {
                        delivered.increment();
                    }
                }
                case PacketType.OK -> acked.increment();
                case PacketType.ERROR -> {
                    errors.increment();
                    byte[] text = p.raw(2);
                    firstError.compareAndSet(null, text == null ? "ERROR" : new String(text, StandardCharsets.UTF_8));
                }
                default -> {
                    // presence and other pushes: not what is measured
                }
            }
            return true;
        };
    }

    /**
     * The measured window: deliveries and OKs counted from the end of the warm-up to the end of sending, and
     * what the server spent in it (null when it cannot be measured: a --target server with no --server-pid).
     */
    record Window(double seconds, long delivered, long sent, long acked, ServerCost.Spent cost) {}

    /**
     * Sends for {@code warmup + duration}, or until {@code count} messages (0: no count), then waits up to
     * 5 s for deliveries to stop arriving.
     */
    Window run(Mig33Fleet fleet, double totalPerSecond, Messages messages, Duration warmup, Duration duration, long count) {
        if (latencyLog == null) {
            return send(fleet, totalPerSecond, messages, warmup, duration, count, null);
        }
        try (LatencyTimeline timeline = LatencyTimeline.writingTo(latencyLog)) {
            latency.timeline(timeline);
            try {
                return send(fleet, totalPerSecond, messages, warmup, duration, count, timeline);
            } finally {
                latency.timeline(null);
            }
        }
    }

    private Window send(Mig33Fleet fleet, double totalPerSecond, Messages messages, Duration warmup, Duration duration,
                        long count, LatencyTimeline timeline) {
        long start = System.nanoTime();
        long warmEnd = start + warmup.toNanos();
        long end = warmEnd + duration.toNanos();
        boolean warm = warmup.isZero();
        long windowStart = start;
        long deliveredAtWarm = 0;
        long sentAtWarm = 0;
        long ackedAtWarm = 0;
        ServerCost cost = warm && meter != null ? meter.get() : null;
        int users = fleet.size();
        int cursor = 0;
        long seq = 0;
        long issued = 0;
        while (true) {
            long now = System.nanoTime();
            if (!warm && now >= warmEnd) {
                warm = true;
                latency.reset();
                deliveredAtWarm = delivered.sum();
                sentAtWarm = sent.sum();
                ackedAtWarm = acked.sum();
                windowStart = now;
                cost = meter != null ? meter.get() : null;
            }
            if (timeline != null) {
                timeline.tick(now, warm);
            }
            if (now >= end || (count > 0 && sent.sum() >= count)) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * totalPerSecond);
            while (issued < due && (count == 0 || sent.sum() < count)) {
                // at a rate the generator cannot reach it never catches up with the schedule: without this
                // look at the clock the run went on far past its end (109 s for --duration 30)
                if ((issued & 1023) == 0 && System.nanoTime() >= end) {
                    break;
                }
                issued++;
                int index = cursor;
                cursor = (cursor + 1) % users;
                Mig33Client c = fleet.get(index);
                if (c == null || !c.isOpen() || !c.isWritable() || inFlight.get(index) >= maxInFlight) {
                    skipped.increment();
                    continue;
                }
                inFlight.incrementAndGet(index);
                c.sendLater(messages.next(c, index, seq++, Latency.stamp()));
                sent.increment();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        long windowEnd = System.nanoTime();
        Window window = new Window((windowEnd - windowStart) / 1e9, delivered.sum() - deliveredAtWarm,
                sent.sum() - sentAtWarm, acked.sum() - ackedAtWarm, cost == null ? null : cost.stop());
        drain();
        return window;
    }

    /** Waits until deliveries stop arriving (at most 5 s). */
    private void drain() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = delivered.sum() + acked.sum() + errors.sum();
            if (now == last) {
                return;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        }
    }

    void report(BenchResult r, Window w) {
        r.put("messagesSent", sent.sum())
                .put("sendsSkippedBackpressure", skipped.sum())
                .put("maxInFlightPerSender", maxInFlight)
                .put("answersOk", acked.sum())
                .put("answersError", errors.sum())
                .put("delivered", delivered.sum())
                .put("windowSeconds", w.seconds())
                .put("sentPerSecond", w.seconds() > 0 ? w.sent() / w.seconds() : 0.0)
                .put("deliveredPerSecond", w.seconds() > 0 ? w.delivered() / w.seconds() : 0.0)
                .latency("latency", latency.snapshot());
        if (w.cost() != null) {
            ServerCost.report(r, w.cost(), w.delivered(), "Delivery");
        }
        if (firstError.get() != null) {
            r.put("firstError", firstError.get());
        }
    }
}
