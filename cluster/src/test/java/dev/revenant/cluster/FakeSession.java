package dev.revenant.cluster;

import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/** A live session as a node holds it: records what reaches it and whether it was ended. */
final class FakeSession implements SessionHandle {
    final String user;
    final Map<String, String> attributes = new ConcurrentHashMap<>();
    final LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    final CompletableFuture<String> ended = new CompletableFuture<>();
    volatile boolean takes = true;
    /** When set, what a delivery's write answers (a test completes it when it wants the write done). */
    volatile CompletableFuture<Boolean> write;

    FakeSession(String user, String presence) {
        this.user = user;
        attributes.put("presence", presence);
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
        if (!takes) {
            return CompletableFuture.completedFuture(false);
        }
        received.add(delivery);
        return write != null ? write : CompletableFuture.completedFuture(true);
    }

    @Override
    public void end(String reason) {
        ended.complete(reason);
    }

    @Override
    public String attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Map<String, String> attributes() {
        return Map.copyOf(attributes);
    }
}
