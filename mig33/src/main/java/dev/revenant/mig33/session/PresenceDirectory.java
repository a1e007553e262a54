package dev.revenant.mig33.session;

import dev.revenant.core.session.SessionRegistry;

/**
 * Where each user is (online, away, busy, invisible or offline), asked for every contact a list shows. Per
 * node today: a user's presence is their live session's here, else offline. This is the seam a shared
 * directory (several nodes) replaces.
 */
@FunctionalInterface
public interface PresenceDirectory {
    /** The current presence of {@code user} (a {@link Presence} value). */
    int presenceOf(String user);

    /** The presence a live session publishes, or offline. */
    static PresenceDirectory of(SessionRegistry registry) {
        return user -> registry.lookup(Mig33Context.SERVICE, user)
                .map(h -> h.attribute("presence"))
                .map(Integer::parseInt)
                .orElse(Presence.OFFLINE);
    }
}
