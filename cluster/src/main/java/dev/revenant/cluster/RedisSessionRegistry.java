package dev.revenant.cluster;

import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionRegistry} of a node among several: this node's sessions in memory, and every user's
 * entry in the session directory in Redis ({@code <name>:s:<service>:<user>} → {@link DirectoryEntry}, with
 * a time to live that the node's heartbeat renews). A user on another node is a {@link RemoteSession}: a
 * delivery to it goes over its node's channel and waits for that node's ack; ending it asks its node to.
 * A claim that takes a user over from another node returns that node's session, which the caller ends, as
 * on one node. Keys live in Redis with their time to live.
 *
 * <p>While Redis is away this node goes on serving its own users: claims and releases hold in memory (the
 * heartbeat writes the directory again once Redis is back, and a user who logged in on two nodes meanwhile
 * keeps the session whose entry was written first), lookups find only this node's users, and keys are kept
 * in this node's memory.
 */
public final class RedisSessionRegistry implements SessionRegistry, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSessionRegistry.class);
    static final String TAKEN_OVER = "You have logged in from another location";

    /** Writes an entry unless another session (another sid) holds the user now: 1 written, 0 not ours. */
    private static final String SET_IF_OURS = """
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).s ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""";
    /** Removes an entry if this session (this sid) still holds it. */
    private static final String DEL_IF_OURS = """
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).s == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private record Owner(String service, String user) {}

    /** A session of this node with its id in the directory. */
    private record Local(SessionHandle handle, String sid) {}

    private final RedisNode node;
    private final Executor work;
    private final ConcurrentHashMap<Owner, Local> local = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    /** Keys written while Redis was away. */
    private final InMemorySessionRegistry fallback = new InMemorySessionRegistry();
    private final LogThrottle outages = new LogThrottle(Duration.ofSeconds(30), System::nanoTime);
    private final String channel;

    /**
     * @param work where sessions are handed what other nodes send them (never Lettuce's I/O thread)
     */
    public RedisSessionRegistry(RedisNode node, Executor work) {
        this.node = node;
        this.work = work;
        this.channel = nodeChannel(node.id());
        node.listen(channel, this::heard);
        node.every(node.config().heartbeat(), this::heartbeat);
    }

    private String nodeChannel(String nodeId) {
        return node.key("node", nodeId);
    }

    private String entryKey(String service, String user) {
        return entryPrefix(service) + user;
    }

    /**
     * The prefix of the directory's keys for {@code service}: a user's entry is this and their name, a JSON
     * object whose {@code s} is the id of the session that holds them ({@link #idOf}). Shared state that names
     * sessions (who sits in a room) checks in its scripts, by it, that a session still exists.
     */
    public String entryPrefix(String service) {
        return node.key("s", service, "");
    }

    private String ttlMillis() {
        return Long.toString(node.config().sessionTtl().toMillis());
    }

    private String entry(Local l) {
        return new DirectoryEntry(node.id(), l.sid(), l.handle().attributes()).json();
    }

    // ---- SessionRegistry ----

    @Override
    public Optional<SessionHandle> claim(SessionHandle session) {
        Owner owner = new Owner(session.service(), session.user());
        Local mine = new Local(session, node.id() + '.' + counter.incrementAndGet());
        AtomicReference<Local> previous = new AtomicReference<>();
        Local now = local.compute(owner, (k, old) -> {
            if (old != null && old.handle() == session) {
                return old;
            }
            previous.set(old);
            return mine;
        });
        if (now != mine) {
            return Optional.empty(); // claimed again by the session that holds it
        }
        Optional<SessionHandle> taken = Optional.ofNullable(previous.get()).map(Local::handle);
        try {
            String before = node.sync().setGet(entryKey(owner.service(), owner.user()), entry(mine),
                    SetArgs.Builder.px(node.config().sessionTtl().toMillis()));
            DirectoryEntry was = DirectoryEntry.parse(before);
            if (taken.isEmpty() && was != null && !was.n().equals(node.id())) {
                taken = Optional.of(new RemoteSession(owner.service(), owner.user(), was));
            }
        } catch (RedisException e) {
            outage("claim", e);
        }
        return taken;
    }

    @Override
    public boolean release(SessionHandle session) {
        Owner owner = new Owner(session.service(), session.user());
        Local held = local.get(owner);
        if (held == null || held.handle() != session || !local.remove(owner, held)) {
            return false;
        }
        try {
            node.async().eval(DEL_IF_OURS, ScriptOutputType.INTEGER, new String[] {entryKey(owner.service(), owner.user())},
                    held.sid());
        } catch (RedisException e) {
            outage("release", e); // the entry expires by itself
        }
        return true;
    }

    @Override
    public Optional<SessionHandle> lookup(String service, String user) {
        Local l = local.get(new Owner(service, user));
        if (l != null) {
            return Optional.of(l.handle());
        }
        try {
            DirectoryEntry e = DirectoryEntry.parse(node.sync().get(entryKey(service, user)));
            if (e == null || e.n().equals(node.id())) {
                return Optional.empty(); // nobody, or this node's own entry of a session gone meanwhile
            }
            return Optional.of(new RemoteSession(service, user, e));
        } catch (RedisException e) {
            outage("lookup", e);
            return Optional.empty();
        }
    }

    /**
     * A session's id in the directory, the same on every node: for this node's session the id its claim
     * gave it (null once it no longer holds its user), for a {@link RemoteSession} its node's. Live state
     * that several nodes share (who sits in a room) names sessions by it.
     */
    public String idOf(SessionHandle session) {
        if (session instanceof RemoteSession remote) {
            return remote.entry.s();
        }
        Local l = local.get(new Owner(session.service(), session.user()));
        return l != null && l.handle() == session ? l.sid() : null;
    }

    /** The session with directory id {@code sid}, if it still holds its user: this node's, or another node's. */
    public Optional<SessionHandle> byId(String service, String user, String sid) {
        return lookup(service, user).filter(s -> sid.equals(idOf(s)));
    }

    /** Whether {@code sid} names a session of this node. */
    public boolean isLocal(String sid) {
        return sid.startsWith(node.id() + '.');
    }

    @Override
    public List<SessionHandle> sessions(String service) {
        return local.entrySet().stream().filter(e -> e.getKey().service().equals(service))
                .map(e -> e.getValue().handle()).toList();
    }

    @Override
    public int count(String service) {
        return (int) local.keySet().stream().filter(o -> o.service().equals(service)).count();
    }

    @Override
    public void changed(SessionHandle session) {
        Local l = local.get(new Owner(session.service(), session.user()));
        if (l != null && l.handle() == session) {
            write(new Owner(session.service(), session.user()), l);
        }
    }

    @Override
    public void putKey(String namespace, String key, String value, Duration ttl) {
        try {
            node.sync().set(node.key("k", namespace, key), value, SetArgs.Builder.px(ttl.toMillis()));
        } catch (RedisException e) {
            outage("putKey", e);
            fallback.putKey(namespace, key, value, ttl);
        }
    }

    @Override
    public Optional<String> key(String namespace, String key) {
        try {
            String v = node.sync().get(node.key("k", namespace, key));
            return v != null ? Optional.of(v) : fallback.key(namespace, key);
        } catch (RedisException e) {
            outage("key", e);
            return fallback.key(namespace, key);
        }
    }

    @Override
    public void removeKey(String namespace, String key) {
        fallback.removeKey(namespace, key);
        try {
            node.sync().del(node.key("k", namespace, key));
        } catch (RedisException e) {
            outage("removeKey", e);
        }
    }

    // ---- the directory's upkeep ----

    /** Writes {@code l}'s entry, unless another session holds the user now: then {@code l} is ended. */
    private CompletionStage<Long> write(Owner owner, Local l) {
        try {
            return node.async().<Long>eval(SET_IF_OURS, ScriptOutputType.INTEGER,
                            new String[] {entryKey(owner.service(), owner.user())}, l.sid(), entry(l), ttlMillis())
                    .whenComplete((written, failure) -> {
                        if (failure == null && written == 0L && local.remove(owner, l)) {
                            // a login on another node took the user while Redis was away, or its end was lost
                            log.info("event=cluster_session_superseded user={}", LogText.escape(owner.user()));
                            work.execute(() -> l.handle().end(TAKEN_OVER));
                        }
                    });
        } catch (RedisException e) {
            outage("write", e);
            return CompletableFuture.completedFuture(-1L);
        }
    }

    /** Renews this node's entries (and writes them again after Redis lost them). */
    void heartbeat() {
        if (!node.up()) {
            return;
        }
        local.forEach(this::write);
    }

    // ---- what other nodes say ----

    private void heard(String text) {
        NodeMessage m = NodeMessage.parse(text);
        if (m == null) {
            log.warn("event=cluster_message_unreadable channel={}", LogText.escape(channel));
            return;
        }
        switch (m.op()) {
            case "end" -> {
                Local l = local.get(new Owner(m.svc(), m.u()));
                if (l != null && l.sid().equals(m.sid()) && local.remove(new Owner(m.svc(), m.u()), l)) {
                    work.execute(() -> l.handle().end(m.why()));
                }
            }
            case "dlv" -> {
                Local l = local.get(new Owner(m.svc(), m.u()));
                if (l == null) {
                    answer(m, false);
                } else {
                    work.execute(() -> l.handle().deliver(new Delivery(m.k(), m.f() == null ? Map.of() : m.f()))
                            .whenComplete((ok, failure) -> answer(m, failure == null && Boolean.TRUE.equals(ok))));
                }
            }
            case "ack" -> {
                CompletableFuture<Boolean> waiting = pending.remove(m.req());
                if (waiting != null) {
                    waiting.complete(Boolean.TRUE.equals(m.ok()));
                }
            }
            default -> log.warn("event=cluster_message_unknown op={}", LogText.escape(m.op()));
        }
    }

    private void answer(NodeMessage delivery, boolean ok) {
        try {
            node.async().publish(nodeChannel(delivery.from()), NodeMessage.ack(delivery.req(), node.id(), ok).json());
        } catch (RedisException e) {
            outage("ack", e); // the asker's timeout answers for us
        }
    }

    private CompletionStage<Boolean> deliverTo(String nodeId, String service, String user, Delivery d) {
        String req = node.id() + '.' + counter.incrementAndGet();
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        pending.put(req, answered);
        try {
            node.async().publish(nodeChannel(nodeId), NodeMessage.deliver(req, node.id(), service, user, d.kind(), d.fields()).json())
                    .whenComplete((listeners, failure) -> {
                        if (failure != null || listeners == null || listeners == 0L) {
                            answered.complete(false); // Redis is away, or that node is gone (its entry will expire)
                        }
                    });
        } catch (RedisException e) {
            outage("deliver", e);
            answered.complete(false);
        }
        return answered.orTimeout(node.config().deliveryTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((ok, failure) -> {
                    pending.remove(req);
                    return failure == null && ok;
                });
    }

    private void outage(String what, RedisException e) {
        long held = outages.admit();
        if (held >= 0) {
            log.warn("event=cluster_redis_unavailable op={} redis={} error=\"{}\" (serving this node's users alone; {} more"
                    + " since the last line)", what, node.config().redisShown(), LogText.escape(String.valueOf(e.getMessage())), held);
        }
    }

    /** Leaves the directory: this node's entries go at once rather than when they expire. */
    @Override
    public void close() {
        local.forEach((owner, l) -> {
            try {
                node.sync().eval(DEL_IF_OURS, ScriptOutputType.INTEGER, new String[] {entryKey(owner.service(), owner.user())}, l.sid());
            } catch (RedisException e) {
                outage("close", e);
            }
        });
        node.stopListening(channel);
    }

    /** A user's session on another node, as the directory described it when it was looked up. */
    final class RemoteSession implements SessionHandle {
        private final String service;
        private final String user;
        private final DirectoryEntry entry;

        RemoteSession(String service, String user, DirectoryEntry entry) {
            this.service = service;
            this.user = user;
            this.entry = entry;
        }

        @Override
        public String service() {
            return service;
        }

        @Override
        public String user() {
            return user;
        }

        /** The node that holds it. */
        public String node() {
            return entry.n();
        }

        @Override
        public CompletionStage<Boolean> deliver(Delivery delivery) {
            return deliverTo(entry.n(), service, user, delivery);
        }

        @Override
        public void end(String reason) {
            try {
                node.async().publish(nodeChannel(entry.n()), NodeMessage.end(node.id(), service, user, entry.s(), reason).json());
            } catch (RedisException e) {
                outage("end", e); // the heartbeat settles it once Redis is back
            }
        }

        @Override
        public String attribute(String name) {
            return "node".equals(name) ? entry.n() : entry.a().get(name);
        }

        @Override
        public Map<String, String> attributes() {
            return entry.a();
        }
    }
}
