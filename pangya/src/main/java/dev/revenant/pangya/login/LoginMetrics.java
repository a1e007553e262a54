package dev.revenant.pangya.login;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The LoginService's counters and every value of their tags, registered at start (even while PangYa is off)
 * so that {@code /metrics} shows each series at zero before its first event. {@link LoginConversation}
 * counts the same outcomes; a new one belongs here too.
 */
public final class LoginMetrics {
    /** The {@code outcome} tag of {@code revenant.pangya.logins}. */
    static final List<String> OUTCOMES = List.of("success", "reconnect", "invalid_credentials", "locked_out", "banned",
            "duplicate_connection", "stale_session", "maintenance", "busy", "store_unavailable", "reconnect_locked_out",
            "reconnect_refused");

    private LoginMetrics() {}

    public static void register(MeterRegistry meters) {
        OUTCOMES.forEach(outcome -> meters.counter("revenant.pangya.logins", "outcome", outcome));
        for (DisconnectCause cause : DisconnectCause.values()) {
            meters.counter("revenant.pangya.disconnects", "cause", cause.tag());
        }
    }
}
