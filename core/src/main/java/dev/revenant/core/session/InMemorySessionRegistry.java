package dev.revenant.core.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The single-node {@link SessionRegistry}. */
public final class InMemorySessionRegistry implements SessionRegistry {
    private record Expiring(String value, Instant expires) {}

    /**
     * By service, then by user. Two maps, not one keyed by a (service, user) pair: every message asks here up to
     * three times, and a key object per lookup was garbage at the relay's rate.
     */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, SessionHandle>> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Expiring> keys = new ConcurrentHashMap<>();
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong puts = new java.util.concurrent.atomic.AtomicLong();

    public InMemorySessionRegistry() {
        this(Clock.systemUTC());
    }

    public InMemorySessionRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<SessionHandle> claim(SessionHandle session) {
        AtomicReference<SessionHandle> previous = new AtomicReference<>();
        of(session.service()).compute(session.user(), (k, old) -> {
            if (old != session) {
                previous.set(old);
            }
            return session;
        });
        return Optional.ofNullable(previous.get());
    }

    @Override
    public boolean release(SessionHandle session) {
        return of(session.service()).remove(session.user(), session);
    }

    private ConcurrentHashMap<String, SessionHandle> of(String service) {
        return sessions.computeIfAbsent(service, k -> new ConcurrentHashMap<>());
    }

    @Override
    public Optional<SessionHandle> lookup(String service, String user) {
        return Optional.ofNullable(here(service, user));
    }

    @Override
    public SessionHandle here(String service, String user) {
        ConcurrentHashMap<String, SessionHandle> users = sessions.get(service);
        return users == null ? null : users.get(user);
    }

    @Override
    public List<SessionHandle> sessions(String service) {
        ConcurrentHashMap<String, SessionHandle> users = sessions.get(service);
        return users == null ? List.of() : List.copyOf(users.values());
    }

    @Override
    public int count(String service) {
        ConcurrentHashMap<String, SessionHandle> users = sessions.get(service);
        return users == null ? 0 : users.size();
    }

    @Override
    public void putKey(String namespace, String key, String value, Duration ttl) {
        purgeExpired();
        keys.put(namespace + '\0' + key, new Expiring(value, clock.instant().plus(ttl)));
    }

    @Override
    public Optional<String> key(String namespace, String key) {
        Expiring e = keys.get(namespace + '\0' + key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            keys.remove(namespace + '\0' + key, e);
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    @Override
    public void removeKey(String namespace, String key) {
        keys.remove(namespace + '\0' + key);
    }

    private void purgeExpired() {
        // amortised clean-up, so that keys nobody asks for again do not pile up
        if (puts.incrementAndGet() % 1024 == 0) {
            Instant now = clock.instant();
            keys.entrySet().removeIf(e -> !now.isBefore(e.getValue().expires()));
        }
    }
}
