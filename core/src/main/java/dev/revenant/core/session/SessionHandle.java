package dev.revenant.core.session;

import java.util.concurrent.CompletionStage;

/** A logged-in session as the registry sees it: who it is, how to reach it, how to end it. */
public interface SessionHandle {
    /** The protocol service it belongs to, e.g. "mig33" or "pangya". */
    String service();

    /** The user's normalised name. */
    String user();

    /** Hands a delivery to this session; completes with false if the session could not take it. */
    CompletionStage<Boolean> deliver(Delivery delivery);

    /** Ends the session, telling the client why where the protocol allows it. */
    void end(String reason);

    /** A published attribute of the live session (mig33: its presence), or null. */
    default String attribute(String name) {
        return null;
    }

    /**
     * Every published attribute and its value: what a registry shared by several nodes keeps of this session
     * for the others ({@link #attribute} read remotely).
     */
    default java.util.Map<String, String> attributes() {
        return java.util.Map.of();
    }
}
