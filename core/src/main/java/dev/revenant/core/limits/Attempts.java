package dev.revenant.core.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * Attempts counted by a key (an address, say) that wait once too many have failed. {@link FailureThrottle}
 * keeps the counts in this process's memory; the nodes of one community will share them ("Several nodes").
 */
public interface Attempts {
    /** How long {@code key} must wait before its next attempt, if refused. */
    Optional<Duration> refusedFor(String key);

    void failed(String key);

    void succeeded(String key);
}
