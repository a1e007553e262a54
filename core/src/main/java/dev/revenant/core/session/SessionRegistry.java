package dev.revenant.core.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.Optional;

/**
 * Where live sessions and short-lived keys are found. One owner per (service, user): a new claim
 * returns the previous owner, which the caller ends. The in-memory implementation serves one node.
 */
public interface SessionRegistry {

    /** Makes {@code session} the owner of its user; returns the previous owner, if any. */
    Optional<SessionHandle> claim(SessionHandle session);

    /** Releases the user if {@code session} still owns it; returns whether it did. */
    boolean release(SessionHandle session);

    /** The user's session, on this node or (a registry shared by several nodes) on another. */
    Optional<SessionHandle> lookup(String service, String user);

    /**
     * The user's session if this node holds it, else null; found without asking anyone else (a registry shared
     * by several nodes looks in its own memory only); one node: {@link #lookup}. Null rather than an
     * {@code Optional}: every private message asks it twice, and the two were garbage at the relay's rate.
     */
    default SessionHandle here(String service, String user) {
        return lookup(service, user).orElse(null);
    }

    /** Every live session of a service on this node (shutdown notices, announcements). */
    List<SessionHandle> sessions(String service);

    /**
     * Sessions of a service on every node, at most {@code most} of them (the operator's list); one node:
     * {@link #sessions}.
     */
    default List<SessionHandle> everywhere(String service, int most) {
        List<SessionHandle> here = sessions(service);
        return here.size() <= most ? here : here.subList(0, most);
    }

    /** How many sessions of a service this node holds. */
    int count(String service);

    /** How many users of a service are online in the whole community (every node's; one node: {@link #count}). */
    default int online(String service) {
        return count(service);
    }

    /**
     * A published attribute of {@code session} changed (mig33: its presence). A registry shared by several
     * nodes tells the others; this node's registry reads attributes from the live session and needs nothing.
     *
     * @return completes once the other nodes can read the change (a client told "done" after it finds every
     *     node agreeing); never fails: a registry that cannot tell the others says so itself
     */
    default CompletionStage<?> changed(SessionHandle session) {
        return CompletableFuture.completedFuture(null);
    }

    /** Stores a key (login key, session key, …) that expires after {@code ttl}. */
    void putKey(String namespace, String key, String value, Duration ttl);

    /** The value of a key that has not expired. */
    Optional<String> key(String namespace, String key);

    void removeKey(String namespace, String key);
}
