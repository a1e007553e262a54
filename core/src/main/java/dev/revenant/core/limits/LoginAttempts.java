package dev.revenant.core.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * Who may try a password now, by account ({@code user}, its normalised name) and address ({@code host}): the
 * failed-login lockout. {@link LoginThrottle} keeps the counts in this process's memory; the nodes of one
 * community will share them ("Several nodes"), so that a guesser cannot spread their guesses over nodes.
 */
public interface LoginAttempts {
    /** How long {@code user} may not log in from {@code host}, if refused. */
    Optional<Duration> refusedFor(String user, String host);

    void failed(String user, String host);

    void succeeded(String user, String host);
}
