package dev.revenant.mig33.session;

import dev.revenant.core.log.LogText;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.push.Push;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from request type to handler, filled at wiring time: each feature registers the requests
 * it serves ({@code register(Dispatch)}), and says whether a request is served before login (the login,
 * registration, and what the clients send unprompted) or only to a logged-in user. Features register here
 * too how their pushes reach a client, and what a session's end means to them, so that the session knows
 * no feature.
 */
public final class Dispatch {
    private static final Logger log = LoggerFactory.getLogger(Dispatch.class);

    /** Serves one request of type {@code R} for the session that sent it. */
    @FunctionalInterface
    public interface Handler<R extends Request> {
        void handle(Mig33Session session, R request);
    }

    /** Hands one push of type {@code P} to a logged-in session; completes with whether it was written. */
    @FunctionalInterface
    public interface PushHandler<P extends Push> {
        CompletionStage<Boolean> deliver(Mig33Session session, P push);
    }

    private record Route(boolean beforeLogin, Handler<Request> handler) {}

    private final Map<Class<? extends Request>, Route> routes = new HashMap<>();
    private final Map<Class<? extends Push>, PushHandler<Push>> pushes = new HashMap<>();
    private final List<Consumer<Mig33Session>> closeHooks = new ArrayList<>();
    private final List<Predicate<Request>> unmetered = new ArrayList<>();
    private final Map<Class<? extends Request>, Predicate<Request>> quick = new HashMap<>();

    /** Registers a handler for a request any session may send, logged in or not. */
    public <R extends Request> void beforeLogin(Class<R> type, Handler<? super R> handler) {
        add(type, true, handler);
    }

    /** Registers a handler for a request only a logged-in session may send. */
    public <R extends Request> void loggedIn(Class<R> type, Handler<? super R> handler) {
        add(type, false, handler);
    }

    @SuppressWarnings("unchecked")
    private <R extends Request> void add(Class<R> type, boolean beforeLogin, Handler<? super R> handler) {
        if (routes.putIfAbsent(type, new Route(beforeLogin, (Handler<Request>) handler)) != null) {
            throw new IllegalStateException(type.getSimpleName() + " has two handlers");
        }
    }

    /** Registers how a push of {@code type} that the bus brings a session reaches its client. */
    @SuppressWarnings("unchecked")
    public <P extends Push> void push(Class<P> type, PushHandler<? super P> handler) {
        if (pushes.putIfAbsent(type, (PushHandler<Push>) handler) != null) {
            throw new IllegalStateException(type.getSimpleName() + " has two push handlers");
        }
    }

    /**
     * Registers requests that take no turn from a session's rate limits: the answer costs nothing (no store,
     * no fetch), and an ERROR "Slow down" for one would be a dialog the user never asked for.
     */
    public void unmetered(Predicate<Request> free) {
        unmetered.add(free);
    }

    /** Whether {@code request} takes no turn from the rate limits. */
    public boolean unmetered(Request request) {
        if (request == null) {
            return false;
        }
        for (Predicate<Request> free : unmetered) { // asked of every request: no stream made each time
            if (free.test(request)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers when a logged-in user's request of {@code type} is served without ever blocking (nothing
     * stored, nothing asked of another node): the server may then serve it on its connection's own thread, in
     * its turn, without handing it to a worker and back. {@code cannotBlock} is asked on that thread, so it
     * must be cheap and touch only memory; a handler still finishes what turns out slow (a store) on a worker.
     */
    @SuppressWarnings("unchecked")
    public <R extends Request> void quick(Class<R> type, Predicate<? super R> cannotBlock) {
        if (quick.putIfAbsent(type, (Predicate<Request>) cannotBlock) != null) {
            throw new IllegalStateException(type.getSimpleName() + " is quick twice");
        }
    }

    /** Whether a logged-in user's {@code request} is served without blocking ({@link #quick(Class, Predicate)}). */
    boolean quick(Request request) {
        Predicate<Request> cannotBlock = request == null ? null : quick.get(request.getClass());
        return cannotBlock != null && cannotBlock.test(request);
    }

    /** Registers what a logged-in session's end means to a feature (e.g. it leaves its rooms). */
    public void onClose(Consumer<Mig33Session> hook) {
        closeHooks.add(hook);
    }

    /** Hands a push to its handler; false (not written) for a push no feature takes. */
    CompletionStage<Boolean> deliver(Mig33Session s, Push push) {
        PushHandler<Push> handler = pushes.get(push.getClass());
        return handler == null ? CompletableFuture.completedFuture(false) : handler.deliver(s, push);
    }

    /** Runs every close hook for {@code s}; one that fails does not keep the others from running. */
    void closed(Mig33Session s) {
        for (Consumer<Mig33Session> hook : closeHooks) {
            try {
                hook.accept(s);
            } catch (RuntimeException e) {
                log.warn("event=session_close_hook_failed user={} reason=\"{}\"", LogText.escape(s.user()),
                        LogText.escape(e.toString()));
            }
        }
    }

    /** Whether {@code type} has a handler. */
    boolean serves(Class<? extends Request> type) {
        return routes.containsKey(type);
    }

    /**
     * Fails unless every request the codec decodes has a handler: a request type added to the codec but
     * wired nowhere would otherwise be answered "Not supported" without anyone noticing.
     */
    public void requireEveryRequestServed() {
        List<String> unserved = new ArrayList<>();
        collectUnserved(Request.class, unserved);
        if (!unserved.isEmpty()) {
            throw new IllegalStateException("no handler for " + unserved);
        }
    }

    private void collectUnserved(Class<?> type, List<String> unserved) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collectUnserved(sub, unserved);
            }
        } else if (!routes.containsKey(type)) {
            unserved.add(type.getSimpleName());
        }
    }

    /**
     * Hands {@code request} to its handler. A request no handler serves ({@code null}: a packet type no
     * client sends this server) is "Not supported", or before login "Please log in first", as is a request
     * that needs a login.
     */
    void dispatch(Mig33Session s, int txn, Request request) {
        Route route = request == null ? null : routes.get(request.getClass());
        boolean loggedIn = s.state() == Mig33Session.State.LOGGED_IN;
        if (route != null && (route.beforeLogin() || loggedIn)) {
            route.handler().handle(s, request);
        } else {
            s.send(ServerPackets.error(txn, ServerPackets.ERROR_UNDEFINED,
                    loggedIn ? "Not supported" : "Please log in first"));
        }
    }
}
