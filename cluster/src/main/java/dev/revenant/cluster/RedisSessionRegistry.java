package dev.revenant.cluster;

import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.work.SerialExecutor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
    /** Who settled a delivery request first: the recipient's node, or the asker, which stores the message. */
    private static final String TAKEN = "taken";
    private static final String GAVE_UP = "stored";

    /** Writes an entry unless another session (another sid) holds the user now: 1 written, 0 not ours. */
    private static final LuaScript SET_IF_OURS = new LuaScript("""
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).s ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""");
    /** Removes an entry if this session (this sid) still holds it. */
    private static final LuaScript DEL_IF_OURS = new LuaScript("""
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).s == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");
    /**
     * Renews a batch of entries (KEYS) held by the sessions ARGV[2…] for ARGV[1] ms: per entry 1 renewed, 0 held
     * by another session now, -1 gone (Redis lost it). The entries' text is sent only for those that are gone.
     */
    private static final LuaScript RENEW = new LuaScript("""
            local out = {}
            for i, key in ipairs(KEYS) do
              local v = redis.call('GET', key)
              if not v then out[i] = -1
              elseif cjson.decode(v).s ~= ARGV[i + 1] then out[i] = 0
              else redis.call('PEXPIRE', key, ARGV[1]); out[i] = 1 end
            end
            return out""");
    /** Entries renewed by one script call: small enough that Redis stays responsive while it runs. */
    private static final int RENEWED_AT_ONCE = 200;

    private record Owner(String service, String user) {}

    /** A session of this node with its id in the directory. */
    private record Local(SessionHandle handle, String sid) {}

    private final RedisNode node;
    private final Executor work;
    /**
     * What other nodes send this node's sessions is handed over in the order it came, per user: a user's lane
     * is one of these, chosen by the user, each running its tasks one after another on {@link #work}. With
     * each delivery handed to the pool alone, two messages from one sender could reach the recipient's
     * connection in either order (a three-node conversation test saw the seventh before the first).
     * Striped rather than one per session: no object per session, and a lane's tasks are short.
     */
    private final SerialExecutor[] lanes = new SerialExecutor[64];
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final ConcurrentHashMap<Owner, Local> local = new ConcurrentHashMap<>();
    /** This node's sessions and the ids their claims gave them, until released (see {@link #claimedIdOf}). */
    private final ConcurrentHashMap<SessionHandle, String> claimed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    /** Keys written while Redis was away. */
    private final InMemorySessionRegistry fallback = new InMemorySessionRegistry();
    private final LogThrottle outages = new LogThrottle(Duration.ofSeconds(30), System::nanoTime);
    private final String channel;
    /**
     * The acks of the deliveries this node made lately, oldest first. When Redis comes back they are sent again,
     * since one sent just before it died may never have reached its asker. While Redis is up an ack is kept
     * {@link #keptAcksMillis}: one that old has reached its asker, or Redis has not died meanwhile.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<SentAck> sentAcks = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** An ack, and the channel of the node that asked. */
    private record SentAck(long at, String to, String ack) {}

    /** This node's sessions per service, which it tells the others ({@link #online}). */
    private final ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> counts = new ConcurrentHashMap<>();

    /**
     * @param work where sessions are handed what other nodes send them (never Lettuce's I/O thread)
     */
    public RedisSessionRegistry(RedisNode node, Executor work) {
        this(node, work, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * @param work where sessions are handed what other nodes send them (never Lettuce's I/O thread)
     * @param meters where the outcomes of deliveries to other nodes are counted ({@link ClusterMetrics})
     */
    public RedisSessionRegistry(RedisNode node, Executor work, io.micrometer.core.instrument.MeterRegistry meters) {
        this.node = node;
        this.work = work;
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new SerialExecutor(work);
        }
        this.meters = meters;
        ClusterMetrics.register(meters);
        this.channel = nodeChannel(node.id());
        node.listen(channel, this::heard);
        // Redis back, perhaps empty: the directory is written again at once (the state that names sessions,
        // such as room seats, is written again after it), then the acks an asker may be waiting for
        node.onReconnect(() -> {
            heartbeat();
            ackAgain();
        });
        node.every(node.config().heartbeat(), this::heartbeat);
        heartbeat();
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
        if (previous.get() == null) {
            counted(owner.service(), 1);
        }
        claimed.put(session, mine.sid());
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
        claimed.remove(session);
        Owner owner = new Owner(session.service(), session.user());
        Local held = local.get(owner);
        if (held == null || held.handle() != session || !local.remove(owner, held)) {
            return false;
        }
        counted(owner.service(), -1);
        try {
            DEL_IF_OURS.send(node, ScriptOutputType.INTEGER, new String[] {entryKey(owner.service(), owner.user())}, held.sid());
        } catch (RedisException e) {
            outage("release", e); // the entry expires by itself
        }
        return true;
    }

    @Override
    public SessionHandle here(String service, String user) {
        Local l = local.get(new Owner(service, user));
        return l == null ? null : l.handle();
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

    /**
     * The id this node's session was claimed under, until it is released: unlike {@link #idOf}, also while a
     * session that a login elsewhere took over is closing, so that it leaves what it joined under that id (on
     * one node the session itself names its seats, and leaves them as it closes). Null for a session this node
     * did not claim, or released.
     */
    public String claimedIdOf(SessionHandle session) {
        return claimed.get(session);
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

    /** Read from the directory: this node's sessions as they are, the others' as their entries say. */
    @Override
    public List<SessionHandle> everywhere(String service, int most) {
        List<SessionHandle> found = new java.util.ArrayList<>();
        String prefix = entryKey(service, "");
        try {
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                var page = node.sync().scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000));
                List<String> keys = page.getKeys();
                if (!keys.isEmpty()) {
                    var values = node.sync().mget(keys.toArray(String[]::new));
                    for (var kv : values) {
                        DirectoryEntry e = kv.hasValue() ? DirectoryEntry.parse(kv.getValue()) : null;
                        String user = kv.getKey().substring(prefix.length());
                        if (e == null || found.size() >= most) {
                            continue;
                        }
                        Local l = local.get(new Owner(service, user));
                        found.add(e.n().equals(node.id()) ? (l == null ? null : l.handle()) : new RemoteSession(service, user, e));
                    }
                    found.removeIf(java.util.Objects::isNull);
                }
                cursor = page;
            } while (!cursor.isFinished() && found.size() < most);
            return found;
        } catch (RedisException e) {
            outage("everywhere", e);
            return SessionRegistry.super.everywhere(service, most);
        }
    }

    @Override
    public int count(String service) {
        return (int) local.keySet().stream().filter(o -> o.service().equals(service)).count();
    }

    /**
     * Every node's count, as each last told it (at once after a login or logout, and with its heartbeat);
     * a node whose heartbeat stopped is left out, and its count removed. Without Redis: this node's.
     */
    @Override
    public int online(String service) {
        try {
            Map<String, String> perNode = node.sync().hgetall(onlineKey(service));
            List<String> ids = List.copyOf(perNode.keySet());
            if (ids.isEmpty()) {
                return count(service);
            }
            var alive = node.sync().mget(ids.stream().map(this::aliveKey).toArray(String[]::new));
            int sum = 0;
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (id.equals(node.id())) {
                    sum += count(service);
                } else if (alive.get(i).hasValue()) {
                    sum += Integer.parseInt(perNode.get(id));
                } else {
                    node.async().hdel(onlineKey(service), id); // a node that died without a word
                }
            }
            return sum;
        } catch (RedisException e) {
            outage("online", e);
            return count(service);
        } catch (NumberFormatException e) {
            return count(service);
        }
    }

    private String onlineKey(String service) {
        return node.key("online", service);
    }

    private String aliveKey(String nodeId) {
        return node.key("alive", nodeId);
    }

    /** Counts a session in or out, and tells the other nodes. */
    private void counted(String service, int delta) {
        int now = counts.computeIfAbsent(service, s -> new java.util.concurrent.atomic.AtomicInteger()).addAndGet(delta);
        try {
            node.async().hset(onlineKey(service), node.id(), Integer.toString(now));
        } catch (RedisException e) {
            outage("count", e); // the heartbeat tells it once Redis is back
        }
    }

    @Override
    public CompletionStage<?> changed(SessionHandle session) {
        Local l = local.get(new Owner(session.service(), session.user()));
        if (l != null && l.handle() == session) {
            return write(new Owner(session.service(), session.user()), l).exceptionally(e -> -1L);
        }
        return CompletableFuture.completedFuture(null);
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
            return SET_IF_OURS.<Long>send(node, ScriptOutputType.INTEGER,
                            new String[] {entryKey(owner.service(), owner.user())}, l.sid(), entry(l), ttlMillis())
                    .whenComplete((written, failure) -> {
                        if (failure == null && written == 0L) {
                            superseded(owner, l);
                        }
                    });
        } catch (RedisException e) {
            outage("write", e);
            return CompletableFuture.completedFuture(-1L);
        }
    }

    /** A login on another node took the user while Redis was away, or its end was lost: {@code l} ends. */
    private void superseded(Owner owner, Local l) {
        if (local.remove(owner, l)) {
            counted(owner.service(), -1);
            log.info("event=cluster_session_superseded user={}", LogText.escape(owner.user()));
            work.execute(() -> l.handle().end(TAKEN_OVER));
        }
    }

    /**
     * Renews this node's entries (and writes them again after Redis lost them), {@value #RENEWED_AT_ONCE} to a
     * script call: a node with 20,000 users sends 100 small commands per heartbeat, not 20,000 entries.
     */
    CompletableFuture<Void> heartbeat() {
        // only commands: right after Redis is back the subscriptions may reconnect later, and the directory
        // must be written before the state that names its sessions (room seats) is checked against it
        if (!node.commandsUp()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            node.async().set(aliveKey(node.id()), "1", SetArgs.Builder.px(node.config().sessionTtl().toMillis()));
            counts.forEach((service, n) -> node.async().hset(onlineKey(service), node.id(), Integer.toString(n.get())));
        } catch (RedisException e) {
            outage("heartbeat", e);
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> renewals = new ArrayList<>();
        List<Map.Entry<Owner, Local>> batch = new ArrayList<>(RENEWED_AT_ONCE);
        for (Map.Entry<Owner, Local> e : local.entrySet()) {
            batch.add(Map.entry(e.getKey(), e.getValue()));
            if (batch.size() == RENEWED_AT_ONCE) {
                renewals.add(renew(batch));
                batch = new ArrayList<>(RENEWED_AT_ONCE);
            }
        }
        if (!batch.isEmpty()) {
            renewals.add(renew(batch));
        }
        return CompletableFuture.allOf(renewals.toArray(CompletableFuture[]::new));
    }

    /** Renews one batch; done once the entries Redis had lost are written again. */
    private CompletableFuture<Void> renew(List<Map.Entry<Owner, Local>> batch) {
        String[] keys = new String[batch.size()];
        String[] args = new String[batch.size() + 1];
        args[0] = ttlMillis();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = entryKey(batch.get(i).getKey().service(), batch.get(i).getKey().user());
            args[i + 1] = batch.get(i).getValue().sid();
        }
        try {
            return RENEW.<List<Object>>send(node, ScriptOutputType.MULTI, keys, args).thenCompose(reply -> {
                List<CompletableFuture<Long>> writes = new ArrayList<>();
                for (int i = 0; i < reply.size() && i < keys.length; i++) {
                    Owner owner = batch.get(i).getKey();
                    Local l = batch.get(i).getValue();
                    long code = ((Number) reply.get(i)).longValue();
                    if (code == 0) {
                        superseded(owner, l);
                    } else if (code < 0 && local.get(owner) == l) {
                        writes.add(write(owner, l).toCompletableFuture());
                    }
                }
                return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
            }).exceptionally(failure -> {
                outage("heartbeat", failure);
                return null;
            }).toCompletableFuture();
        } catch (RedisException e) {
            outage("heartbeat", e);
            return CompletableFuture.completedFuture(null);
        }
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
                    counted(m.svc(), -1);
                    laneOf(m).execute(() -> l.handle().end(m.why()));
                }
            }
            case "dlv" -> {
                Local l = local.get(new Owner(m.svc(), m.u()));
                if (l == null) {
                    answer(m, false);
                } else {
                    take(m, l);
                }
            }
            case "ack" -> {
                if (ackLost.test(m.req())) {
                    return;
                }
                CompletableFuture<Boolean> waiting = pending.get(m.req());
                if (waiting != null) {
                    waiting.complete(Boolean.TRUE.equals(m.ok()));
                }
            }
            default -> log.warn("event=cluster_message_unknown op={}", LogText.escape(m.op()));
        }
    }

    /**
     * Tells the asker how its delivery went. While Redis is away (or the asker's node is not listening yet,
     * having just reconnected) the ack is sent again, until the asker's longest wait is over: an asker that
     * hears nothing stores the message, so an ack that gets through late keeps it from a second copy.
     */
    private void answer(NodeMessage delivery, boolean ok) {
        String ack = NodeMessage.ack(delivery.req(), node.id(), ok).json();
        String to = nodeChannel(delivery.from());
        long now = System.nanoTime();
        if (ok) {
            sentAcks.add(new SentAck(now, to, ack));
            if (node.up()) { // while Redis is away they are all kept, to be sent again when it is back
                forgetAcksBefore(now - TimeUnit.MILLISECONDS.toNanos(keptAcksMillis()));
            }
        }
        answer(to, ack, now + TimeUnit.MILLISECONDS.toNanos(outageWaitMillis()));
    }

    /** How long an ack is kept while Redis is up: a few times the asker's first wait. */
    private long keptAcksMillis() {
        return node.config().deliveryTimeout().toMillis() * 2;
    }

    private void forgetAcksBefore(long time) {
        for (SentAck a = sentAcks.peek(); a != null && a.at() - time < 0; a = sentAcks.peek()) {
            sentAcks.remove(a);
        }
    }

    /** Redis is back: the acks an asker may still wait for are sent again (an asker ignores one it has had). */
    private void ackAgain() {
        long now = System.nanoTime();
        forgetAcksBefore(now - TimeUnit.MILLISECONDS.toNanos(longestWaitMillis()));
        for (SentAck a : sentAcks) {
            meters.counter(ClusterMetrics.ACKS_RESENT).increment();
            answer(a.to(), a.ack(), now + TimeUnit.MILLISECONDS.toNanos(outageWaitMillis()));
        }
    }

    private void answer(String to, String ack, long until) {
        CompletableFuture<Long> sent;
        try {
            sent = node.async().publish(to, ack).toCompletableFuture();
        } catch (RedisException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((listeners, failure) -> {
            if ((failure != null || listeners == null || listeners == 0L) && System.nanoTime() < until) {
                node.after(ACK_AGAIN, () -> answer(to, ack, until));
            }
        });
    }

    /** How soon an ack that did not get through is sent again. */
    private static final Duration ACK_AGAIN = Duration.ofMillis(200);

    /**
     * Delivers to a user of another node. Exactly once as the recipient sees it: the asker waits
     * {@code deliveryTimeout} for the other node's ack; without one, it and the other node race for the
     * request's key in Redis, and only one of them acts on it. The other node sets it before it writes the
     * delivery to the connection; the asker sets it before it gives up (the caller then stores the message).
     * If the other node got there first, the asker waits once more for its ack, and without one counts the
     * delivery as made (the node took it, and then fell silent).
     */
    private CompletionStage<Boolean> deliverTo(String nodeId, String service, String user, Delivery d) {
        String req = node.id() + '.' + counter.incrementAndGet();
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        pending.put(req, ack);
        long connection = node.reconnections();
        try {
            node.async().publish(nodeChannel(nodeId), NodeMessage.deliver(req, node.id(), service, user, d.kind(), d.fields()).json())
                    .whenComplete((listeners, failure) -> {
                        if (failure != null || listeners == null || listeners == 0L) {
                            ack.complete(false); // Redis is away, or that node is gone (its entry will expire)
                        }
                    });
        } catch (RedisException e) {
            outage("deliver", e);
            ack.complete(false);
        }
        long timeout = node.config().deliveryTimeout().toMillis();
        return ack.copy().completeOnTimeout(null, timeout, TimeUnit.MILLISECONDS).thenCompose(ok -> {
            if (ok != null) {
                return settled(req, ok, ok ? "delivered" : "refused");
            }
            return claimRequest(req, GAVE_UP).thenCompose(claim -> switch (claim) {
                // first, unless Redis restarted since the request went out: it would have forgotten the other
                // node's claim, and that node's ack may have died with it (it sends its acks again when back)
                case FIRST -> node.reconnections() == connection ? settled(req, false, "timed_out")
                        : uncertain(req, ack, System.nanoTime());
                // the recipient's node took it: its ack says whether it reached the connection
                case SECOND -> racedFor(req, ack).copy().completeOnTimeout(true, timeout, TimeUnit.MILLISECONDS)
                        .thenCompose(late -> settled(req, late, "late"));
                // Redis is away: the recipient's node sends its ack again until Redis is back; without one in
                // time, stored (a copy too many at worst, never none)
                case UNKNOWN -> uncertain(req, ack, System.nanoTime());
            });
        });
    }

    /**
     * Waits for the ack of a delivery whose outcome Redis cannot tell: the recipient's node sends its ack again
     * until Redis is back, and again once it is back. Without one, the message is stored once Redis has been back
     * for a {@code deliveryTimeout} and {@link #outageWaitMillis} have passed; at the latest after
     * {@link #longestWaitMillis} (Redis still away: stored, a copy too many at worst, never none).
     */
    private CompletableFuture<Boolean> uncertain(String req, CompletableFuture<Boolean> ack, long since) {
        long step = node.config().deliveryTimeout().toMillis();
        return ack.copy().completeOnTimeout(null, step, TimeUnit.MILLISECONDS).thenCompose(ok -> {
            if (ok != null) {
                return settled(req, ok, "uncertain");
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
            boolean heardLongEnough = node.upFor().toMillis() >= step && waited >= outageWaitMillis();
            if (heardLongEnough || waited >= longestWaitMillis()) {
                return settled(req, false, "uncertain");
            }
            return uncertain(req, ack, since);
        });
    }

    /** Tests drop an ack here: one that a dying Redis had accepted and never passed on. */
    volatile java.util.function.Predicate<String> ackLost = req -> false;

    /** Told of each delivery whose ack was late and whose recipient's node took it first (tests watch it). */
    volatile java.util.function.Consumer<String> lateAcks = req -> { };

    private CompletableFuture<Boolean> racedFor(String req, CompletableFuture<Boolean> ack) {
        lateAcks.accept(req);
        return ack;
    }

    private CompletableFuture<Boolean> settled(String req, boolean delivered, String outcome) {
        pending.remove(req);
        meters.counter(ClusterMetrics.DELIVERIES, "outcome", outcome).increment();
        return CompletableFuture.completedFuture(delivered);
    }

    /** How a race for a delivery request's key came out. */
    private enum Claim {
        FIRST, SECOND,
        /** Redis did not answer: neither side can know which was first. */
        UNKNOWN
    }

    /** Sets a delivery request's key unless the other side set it first. */
    private CompletableFuture<Claim> claimRequest(String req, String side) {
        try {
            return node.async().set(node.key("req", req), side, SetArgs.Builder.nx().px(requestTtlMillis()))
                    .toCompletableFuture().handle((answer, failure) -> failure != null ? Claim.UNKNOWN
                            : "OK".equals(answer) ? Claim.FIRST : Claim.SECOND);
        } catch (RedisException e) {
            return CompletableFuture.completedFuture(Claim.UNKNOWN);
        }
    }

    /**
     * How long a delivery's outcome is waited for while Redis is away (an ack that the recipient's node sends
     * again until it gets through), before the asker stores the message after all.
     */
    private long outageWaitMillis() {
        return node.config().deliveryTimeout().toMillis() * 5;
    }

    /** The longest an asker waits for a delivery's outcome while Redis is away. */
    private long longestWaitMillis() {
        return node.config().deliveryTimeout().toMillis() * 30;
    }

    /** A request's key outlives every wait for it. */
    private long requestTtlMillis() {
        return Math.max(60_000, longestWaitMillis() + node.config().deliveryTimeout().toMillis() * 2);
    }

    /** A delivery for a session of this node: taken unless the asker gave up on it already. */
    private void take(NodeMessage m, Local l) {
        claimRequest(m.req(), TAKEN).thenAccept(claim -> {
            if (claim == Claim.SECOND) {
                return; // the asker stored it already: nobody waits for an answer
            }
            if (claim == Claim.UNKNOWN) {
                answer(m, false); // Redis is away: not delivered here, so that the asker's stored copy is the one
                return;
            }
            laneOf(m).execute(() -> l.handle().deliver(new Delivery(m.k(), m.f() == null ? Map.of() : m.f()))
                    .whenComplete((ok, failure) -> answer(m, failure == null && Boolean.TRUE.equals(ok))));
        });
    }

    /** The lane of the user a message from another node is for. */
    private Executor laneOf(NodeMessage m) {
        return lanes[Math.floorMod(new Owner(m.svc(), m.u()).hashCode(), lanes.length)];
    }

    private void outage(String what, Throwable e) {
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
                DEL_IF_OURS.call(node, ScriptOutputType.INTEGER, new String[] {entryKey(owner.service(), owner.user())}, l.sid());
            } catch (RedisException e) {
                outage("close", e);
            }
        });
        try {
            counts.keySet().forEach(service -> node.sync().hdel(onlineKey(service), node.id()));
            node.sync().del(aliveKey(node.id()));
        } catch (RedisException e) {
            outage("close", e);
        }
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
