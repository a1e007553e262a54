package dev.revenant.mig33;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * The gateway's counters and every value of their tags, registered at start so that {@code /metrics} shows
 * each series at zero before its first event (dashboards see a flat line, not "no data"). The code that
 * counts an event names the same series; a new tag value belongs here too (MetricsExistFromTheStartTest
 * checks this list against the README's).
 */
public final class Mig33Metrics {
    /** Counters without tags. */
    static final List<String> PLAIN = List.of("revenant.mig33.logins", "revenant.mig33.login.failures", "revenant.mig33.login.banned",
            "revenant.mig33.room_joins", "revenant.mig33.client_reports", "revenant.mig33.password_change.failures");

    /** Counters by name, with their one tag's key and values. */
    static final Map<String, Map.Entry<String, List<String>>> TAGGED = Map.of(
            "revenant.mig33.messages", Map.entry("path",
                    List.of("online", "stored", "blocked", "box_full", "expired", "room", "group_chat")),
            "revenant.mig33.rate_limited", Map.entry("what", List.of("login", "registration", "password", "message", "request")),
            "revenant.mig33.disconnects", Map.entry("cause",
                    List.of("idle", "framing", "slow_reader", "flood", "takeover", "overload", "server_error")),
            "revenant.mig33.pictures", Map.entry("path",
                    List.of("online", "stored", "uploaded", "blocked", "box_full", "server_full")),
            "revenant.mig33.group_chats", Map.entry("event", List.of("created", "ended")),
            "revenant.mig33.contact_requests", Map.entry("outcome", List.of("sent", "accepted", "rejected")),
            "revenant.mig33.registrations.refused", Map.entry("why", List.of("captcha")),
            // mig33 over HTTP: requests refused before they reached a session (PollingHandler)
            "revenant.mig33.http.refused", Map.entry("reason", List.of("unknown_session", "too_large", "framing",
                    "sessions_per_address", "method", "malformed_http", "overload")));

    private Mig33Metrics() {}

    /** Registers every counter at zero (registering again is harmless: the registry keeps the first). */
    public static void register(MeterRegistry meters) {
        PLAIN.forEach(meters::counter);
        TAGGED.forEach((name, tag) -> tag.getValue().forEach(value -> meters.counter(name, tag.getKey(), value)));
    }
}
