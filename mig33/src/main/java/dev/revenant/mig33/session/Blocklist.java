package dev.revenant.mig33.session;

import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.mig33.store.PermissionStore;
import java.util.Optional;

/**
 * Whom each user blocks, asked on every file and invitation to them (a private text is checked by the
 * recipient's session as it delivers, from its own memory). The answer is per node today:
 * a recipient logged in here answers from its session's memory (no store asked), anyone else from the store. This is the seam a shared block list (several nodes) replaces.
 */
@FunctionalInterface
public interface Blocklist {
    /** Whether {@code recipient} blocks {@code sender}. */
    boolean blocks(String recipient, String sender);

    /**
     * The live session's memory where the recipient is logged in on this node, else the store. A recipient
     * online on another node while the store is away: not blocked here, because their node checks its
     * session's list again as it delivers (a private message or group chat line from someone they block is
     * dropped there), so the chat between nodes goes on through a store outage as it does on one node.
     */
    static Blocklist of(SessionRegistry registry, PermissionStore permissions) {
        return (recipient, sender) -> blocks(registry, permissions, recipient, sender);
    }

    private static boolean blocks(SessionRegistry registry, PermissionStore permissions, String recipient, String sender) {
        Optional<SessionHandle> session = registry.lookup(Mig33Context.SERVICE, recipient);
        if (session.isPresent() && session.get() instanceof Mig33Session here) {
            return here.blocks(sender);
        }
        try {
            return permissions.blocks(recipient, sender);
        } catch (StoreUnavailableException e) {
            if (session.isPresent()) {
                return false;
            }
            throw e;
        }
    }
}
