package dev.revenant.mig33.session;

import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.store.PermissionStore;

/**
 * Whom each user blocks, asked on every message, file and invitation to them. The answer is per node today:
 * a recipient logged in here answers from its session's memory (no store on the message path), anyone else
 * from the store. This is the seam a shared block list (several nodes) replaces.
 */
@FunctionalInterface
public interface Blocklist {
    /** Whether {@code recipient} blocks {@code sender}. */
    boolean blocks(String recipient, String sender);

    /** The live session's memory where the recipient is logged in on this node, else the store. */
    static Blocklist of(SessionRegistry registry, PermissionStore permissions) {
        return (recipient, sender) -> registry.lookup(Mig33Context.SERVICE, recipient)
                .filter(h -> h instanceof Mig33Session)
                .map(h -> ((Mig33Session) h).blocks(sender))
                .orElseGet(() -> permissions.blocks(recipient, sender));
    }
}
