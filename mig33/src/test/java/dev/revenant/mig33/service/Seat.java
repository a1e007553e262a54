package dev.revenant.mig33.service;

import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A session as the live-state directories see it: only its identity counts (a takeover is a new one). */
public final class Seat implements SessionHandle {
    private final String user;

    public Seat(String user) {
        this.user = user;
    }

    @Override
    public String service() {
        return "mig33";
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public CompletionStage<Boolean> deliver(Delivery delivery) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void end(String reason) {
    }

    @Override
    public String toString() {
        return "seat of " + user + "@" + Integer.toHexString(System.identityHashCode(this));
    }
}
