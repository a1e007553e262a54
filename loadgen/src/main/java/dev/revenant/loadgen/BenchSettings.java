package dev.revenant.loadgen;

import dev.revenant.core.net.Transport;
import java.time.Duration;

/**
 * The sizes and rates of a run, as the command line gave them.
 *
 * @param users simulated users (mig33) or connections (baseline)
 * @param contacts contacts per user; chat messages go to them in turn
 * @param rate messages per second per user
 * @param roomSize members per room
 * @param concurrency PangYa logins, or echo requests, in flight at once
 * @param ramp logins (connections) per second while the fleet connects
 * @param parallel logins in flight at once while the fleet connects
 * @param sources source addresses 127.0.0.1..n
 * @param clientThreads the generator's event loops
 * @param netTransport how the generator's event loops (and those of a server or baseline it starts) reach the kernel
 * @param maxInFlight messages a sender may have unanswered; past it, it skips its turn
 * @param count stop after this many messages or logins (0: by time only)
 * @param transport what carries the mig33 phones' packets (mig33-idle, mig33-chat)
 * @param poll over HTTP, how often a client with nothing to send polls
 * @param latencyLog mig33-chat, mig33-room, baseline-chat: where the latency over time is written, or null
 */
record BenchSettings(int users, int contacts, double rate, int roomSize, int concurrency, int ramp, int parallel,
                     int sources, int clientThreads, Transport netTransport, int pingSeconds, int maxInFlight,
                     Duration warmup, Duration duration, long count,
                     Mig33Transport transport, Duration poll, java.nio.file.Path latencyLog) {
    /** For the JSON (durations in seconds). */
    java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("users", users);
        m.put("contacts", contacts);
        m.put("ratePerUser", rate);
        m.put("roomSize", roomSize);
        m.put("concurrency", concurrency);
        m.put("rampPerSecond", ramp);
        m.put("parallelLogins", parallel);
        m.put("sourceAddresses", sources);
        m.put("clientThreads", clientThreads);
        m.put("netTransport", netTransport.label());
        m.put("pingSeconds", pingSeconds);
        m.put("maxInFlight", maxInFlight);
        m.put("warmupSeconds", warmup.toSeconds());
        m.put("durationSeconds", duration.toSeconds());
        m.put("count", count);
        m.put("transport", transport.label());
        if (transport == Mig33Transport.HTTP) {
            m.put("pollMillis", poll.toMillis());
        }
        if (latencyLog != null) {
            m.put("latencyLog", latencyLog.toString());
        }
        return m;
    }

    /** How long connecting the fleet may take before the scenario goes on with whoever is in. */
    Duration rampBudget() {
        return Duration.ofSeconds(Math.max(60, 3L * users / Math.max(1, ramp)));
    }
}
