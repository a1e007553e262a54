package dev.revenant.mig33.store;

import java.time.Instant;

/**
 * An operator's ban of a mig33 user: why, until when (null: until lifted), who banned and when.
 */
public record Ban(String reason, Instant until, String bannedBy, Instant bannedAt) {
    /** Whether the ban still holds at {@code now}. */
    public boolean holdsAt(Instant now) {
        return until == null || now.isBefore(until);
    }
}
