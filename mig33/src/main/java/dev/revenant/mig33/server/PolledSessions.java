package dev.revenant.mig33.server;

import dev.revenant.core.secret.Tokens;
import dev.revenant.core.work.SerialExecutor;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.Mig33Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of mig33 over HTTP, by the id each request names, and their end when the phone stops
 * asking: a session with no request for {@code idleTimeout} (before login {@code loginTimeout}) is
 * ended as an idle TCP session is, with SESSION_TERMINATED waiting for a request that may never come.
 */
final class PolledSessions {
    private final Mig33Config config;
    private final Mig33Service service;
    private final Executor workers;
    private final MeterRegistry meters;
    private final Map<String, PolledConnection> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    PolledSessions(Mig33Config config, Mig33Service service, Executor workers, MeterRegistry meters) {
        this.config = config;
        this.service = service;
        this.workers = workers;
        this.meters = meters;
        meters.gauge("revenant.mig33.http.sessions", byId, Map::size);
    }

    /** A new session for a request that names none; null when its address holds as many as it may. */
    PolledConnection open(String host, String address, long nowNanos) {
        int limit = config.http().sessionsPerAddress();
        boolean[] admitted = {false};
        perAddress.compute(host, (h, n) -> {
            int held = n == null ? 0 : n;
            if (limit > 0 && held >= limit) {
                return n;
            }
            admitted[0] = true;
            return held + 1;
        });
        if (!admitted[0]) {
            return null;
        }
        PolledConnection c = new PolledConnection(Tokens.hex(32), host, address, config.http().maxQueuedPackets(),
                new SerialExecutor(workers),
                () -> meters.counter("revenant.mig33.disconnects", "cause", "slow_reader").increment(), nowNanos);
        c.attach(service.open(c));
        byId.put(c.id(), c);
        return c;
    }

    PolledConnection find(String id) {
        return byId.get(id);
    }

    /**
     * The one session of {@code host} that waits for its LOGIN_RESPONSE, or null: none, or several (phones
     * behind one address logging in at once), where guessing could hand one phone's answer to another.
     */
    PolledConnection awaitingLoginResponse(String host) {
        PolledConnection found = null;
        for (PolledConnection c : byId.values()) {
            if (c.remoteHost().equals(host) && !c.isEnded() && c.session().awaitsLoginResponse()) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    /** Forgets a session (it has ended, and what waited has been handed out). */
    void remove(PolledConnection c) {
        if (byId.remove(c.id(), c)) {
            perAddress.computeIfPresent(c.remoteHost(), (h, n) -> n <= 1 ? null : n - 1);
        }
    }

    int size() {
        return byId.size();
    }

    /**
     * Ends the sessions whose phone stopped asking, and forgets ended ones whose last packets nobody came for
     * within {@code loginTimeout}.
     */
    void expire(long nowNanos) {
        long idle = config.idleTimeout().toNanos();
        long login = config.loginTimeout().toNanos();
        for (PolledConnection c : List.copyOf(byId.values())) {
            if (c.isEnded()) {
                if (nowNanos - c.endedNanos() > login) {
                    remove(c);
                }
            } else if (nowNanos - c.lastRequestNanos() > (c.isLoggedIn() ? idle : login) && c.startExpiring()) {
                meters.counter("revenant.mig33.disconnects", "cause", "idle").increment();
                try {
                    c.serial.execute(() -> c.session().idle());
                } catch (RejectedExecutionException e) {
                    c.close();
                }
            }
        }
    }

    /** How often {@link #expire} runs: a quarter of the shorter timeout, between 10 ms and 5 s. */
    long sweepEveryNanos() {
        long shorter = Math.min(config.idleTimeout().toNanos(), config.loginTimeout().toNanos());
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(5), shorter / 4));
    }

    /** Ends every session (the transport is closing) and forgets them all. */
    void closeAll() {
        for (PolledConnection c : List.copyOf(byId.values())) {
            c.close();
            remove(c);
        }
    }
}
