package dev.revenant.mig33.service.rooms;

import dev.revenant.cluster.LuaScript;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.RedisSessionRegistry;
import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.mig33.session.Mig33Context;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms' live state in the Redis the nodes of one community share, so that every node sees who is in a
 * room wherever they are connected. A seat names its session by its id in the session directory
 * ({@link RedisSessionRegistry#idOf}), the same on every node, and {@link RedisSessionRegistry#byId} turns it
 * back into a session (this node's, or one that crosses to its node). Keys, under the community's name:
 *
 * <ul>
 *   <li>{@code room:<key>:seats}: user → the id of the session they sit with;</li>
 *   <li>{@code room:<key>:order}: the users by joining order (a takeover keeps the place);</li>
 *   <li>{@code room:<key>:muted}, {@code room:<key>:votes} (target → JSON array of voters),
 *       {@code room:<key>:kicked} (user → until, ms);</li>
 *   <li>{@code roomsof:<session id>}: the rooms a session sits in, for when it ends;</li>
 *   <li>{@code rooms:occupied}: room → how many sit in it, for "busiest first";</li>
 *   <li>{@code room:<key>:swept}: set for a sweep period once a node swept the room (below).</li>
 * </ul>
 *
 * <p>Each call that reads and writes is one Lua script, atomic for its room; the rest are one command. The
 * scripts also write the seat's session's {@code roomsof} set and read the session directory, keys they
 * build themselves: right on the one Redis a community has, not on a Redis Cluster.
 *
 * <p>A session that ends leaves its rooms (ChatRooms' close hook). One whose node died never does: its seat
 * stays until the directory entry of its session expires ({@code cluster.sessionTtl} after its node's last
 * heartbeat) or is taken by the user's new login. From then on the seat is dead, and is emptied by the next
 * call that counts the room (a join at capacity, the participants, a kick vote, a kick target's check) and
 * by each node's sweep of the occupied rooms, every {@code sessionTtl} (each room once a period across the
 * nodes); {@link #onVacated} is told of each such seat, once, so that the room hears that the user has left.
 * Until then a dead seat counts in the room's size, for at most about twice {@code sessionTtl}.
 *
 * <p>An empty room's mutes and kicks are kept a day (the durable ban is the store's), then Redis drops them;
 * the next participant keeps them again. Redis unreachable: calls fail with {@link StoreUnavailableException}
 * (the client is told to try again).
 */
public final class RedisRoomRoster implements RoomRoster {
    private static final Logger log = LoggerFactory.getLogger(RedisRoomRoster.class);
    /** How long an empty room's mutes and kicks outlive its last participant. */
    static final Duration IDLE_STATE = Duration.ofDays(1);

    /**
     * What every script shares. ARGV: 1 the room's key, 2 the prefix of a session's set of rooms, 3 the
     * prefix of the session directory's entries, 4 how long an empty room's moderation is kept (ms); a
     * script's own arguments follow. KEYS: the room's seats, order, muted, votes, kicked, the occupied rooms,
     * and the sweep's marker.
     */
    private static final String PRELUDE = """
            local room, roomsOf, directory, idle = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            local seats, order, muted, votes, kicked, occupied = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]

            -- whether session sid still holds user in the session directory
            local function holds(user, sid)
              local entry = redis.call('GET', directory .. user)
              if not entry then return false end
              local ok, e = pcall(cjson.decode, entry)
              return ok and type(e) == 'table' and e.s == sid
            end

            -- a voter who leaves no longer counts, and the votes against a leaver are void
            local function void(user)
              redis.call('HDEL', votes, user)
              local all = redis.call('HGETALL', votes)
              for i = 1, #all, 2 do
                local voters, kept = cjson.decode(all[i + 1]), {}
                for _, v in ipairs(voters) do
                  if v ~= user then kept[#kept + 1] = v end
                end
                if #kept == 0 then
                  redis.call('HDEL', votes, all[i])
                elseif #kept < #voters then
                  redis.call('HSET', votes, all[i], cjson.encode(kept))
                end
              end
            end

            -- takes user's seat; returns the id of the session that sat in it, or false
            local function unseat(user)
              local sid = redis.call('HGET', seats, user)
              void(user)
              if not sid then return false end
              redis.call('HDEL', seats, user)
              redis.call('ZREM', order, user)
              redis.call('SREM', roomsOf .. sid, room)
              return sid
            end

            -- after seats went: the room's count among the occupied; an empty room's moderation is kept a while
            local function recount()
              local n = redis.call('HLEN', seats)
              if n > 0 then
                redis.call('ZADD', occupied, n, room)
              else
                redis.call('ZREM', occupied, room)
                redis.call('PEXPIRE', muted, idle)
                redis.call('PEXPIRE', kicked, idle)
              end
            end

            -- empties the seats whose session no longer holds its user (it ended without leaving: its node
            -- died, or the user logged in again); returns their users
            local function sweep()
              local gone = {}
              local all = redis.call('HGETALL', seats)
              for i = 1, #all, 2 do
                if not holds(all[i], all[i + 1]) then
                  unseat(all[i])
                  gone[#gone + 1] = all[i]
                end
              end
              if #gone > 0 then recount() end
              return gone
            end
            """;

    /** Seats user (ARGV 5) with session ARGV 6 unless banned or full: {{seated, again} | {banned, until} | {full}}, gone. */
    private static final LuaScript JOIN = script("""
            local user, sid, capacity, storedBan, now = ARGV[5], ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
            local gone = {}
            local kick = tonumber(redis.call('HGET', kicked, user) or '0')
            local banned = math.max(storedBan, kick)
            if banned > now then return {{'banned', banned}, gone} end
            if kick > 0 then redis.call('HDEL', kicked, user) end
            local sitting = redis.call('HGET', seats, user)
            if not sitting and redis.call('HLEN', seats) >= capacity then
              -- a dead seat must not keep the living out
              gone = sweep()
              if redis.call('HLEN', seats) >= capacity then return {{'full'}, gone} end
            end
            if sitting and sitting ~= sid then redis.call('SREM', roomsOf .. sitting, room) end
            if not sitting then
              local last = redis.call('ZREVRANGE', order, 0, 0, 'WITHSCORES')
              redis.call('ZADD', order, (last[2] and tonumber(last[2]) or 0) + 1, user)
            end
            redis.call('HSET', seats, user, sid)
            redis.call('SADD', roomsOf .. sid, room)
            redis.call('ZADD', occupied, redis.call('HLEN', seats), room)
            redis.call('PERSIST', muted)
            redis.call('PERSIST', kicked)
            return {{'seated', sitting == sid and 1 or 0}, gone}""");

    /** Takes user (ARGV 5) out if session ARGV 6 (empty: any) sits there: {1} or {0}. */
    private static final LuaScript LEAVE = script("""
            local user, sid = ARGV[5], ARGV[6]
            local sitting = redis.call('HGET', seats, user)
            if not sitting or (sid ~= '' and sitting ~= sid) then return {0} end
            unseat(user)
            recount()
            return {1}""");

    /** The session user (ARGV 5) sits with, if it still exists ('' if none), and the users gone. */
    private static final LuaScript SEAT = script("""
            local user = ARGV[5]
            local sitting = redis.call('HGET', seats, user)
            if not sitting then return {'', {}} end
            if holds(user, sitting) then return {sitting, {}} end
            unseat(user)
            recount()
            return {'', {user}}""");

    /** {user, muted (0 or 1), ...} in joining order, and the users gone. */
    private static final LuaScript PARTICIPANTS = script("""
            local gone = sweep()
            local all = {}
            for _, user in ipairs(redis.call('ZRANGE', order, 0, -1)) do
              all[#all + 1] = user
              all[#all + 1] = redis.call('SISMEMBER', muted, user)
            end
            return {all, gone}""");

    /** Counts voter ARGV 5 against target ARGV 6: {votes, needed}, or {} when they voted already; the users gone. */
    private static final LuaScript VOTE = script("""
            local voter, target = ARGV[5], ARGV[6]
            local gone = sweep()
            local voters = cjson.decode(redis.call('HGET', votes, target) or '[]')
            for _, v in ipairs(voters) do
              if v == voter then return {{}, gone} end
            end
            voters[#voters + 1] = voter
            redis.call('HSET', votes, target, cjson.encode(voters))
            local n = redis.call('HLEN', seats)
            return {{#voters, math.floor(math.max(n - 1, 0) / 2) + 1}, gone}""");

    /** Takes target (ARGV 5) out and keeps them out until ARGV 6: {the id of the session that sat, or ''}. */
    private static final LuaScript KICK = script("""
            local target, untilMs = ARGV[5], ARGV[6]
            redis.call('HSET', kicked, target, untilMs)
            local sid = unseat(target)
            recount()
            return {sid or ''}""");

    private static final LuaScript FORGET = script("""
            local all = redis.call('HGETALL', seats)
            for i = 1, #all, 2 do
              redis.call('SREM', roomsOf .. all[i + 1], room)
            end
            redis.call('DEL', seats, order, muted, votes, kicked)
            redis.call('ZREM', occupied, room)
            return {}""");

    /** The periodic sweep: once a period (ARGV 5, ms) across the nodes, the room's dead seats go; their users. */
    private static final LuaScript SWEEP = script("""
            if not redis.call('SET', KEYS[7], '1', 'NX', 'PX', ARGV[5]) then return {} end
            return sweep()""");

    /** A script of this class: the shared functions, then {@code body}. */
    private static LuaScript script(String body) {
        return new LuaScript(PRELUDE + body);
    }

    private final RedisNode node;
    private final RedisSessionRegistry registry;
    private final Executor work;
    private final String service = Mig33Context.SERVICE;
    /**
     * The directory id of each session that asked: one ended by a takeover no longer holds its user when it
     * leaves its rooms, so the registry cannot name it then. Weak: an id goes with its session.
     */
    private final Map<SessionHandle, String> ids = Collections.synchronizedMap(new WeakHashMap<>());
    private final LogThrottle failures = new LogThrottle(Duration.ofSeconds(30), System::nanoTime);
    private volatile BiConsumer<String, String> vacated = (room, user) -> { };

    /**
     * @param work where the periodic sweep runs (it tells {@link #onVacated}, which may read the store; never
     *     the cluster's timer, which renews the session directory)
     */
    public RedisRoomRoster(RedisNode node, RedisSessionRegistry registry, Executor work) {
        this.node = node;
        this.registry = registry;
        this.work = work;
        Duration period = node.config().sessionTtl();
        node.every(period, () -> work.execute(() -> sweep(period)));
    }

    // ---- keys ----

    private String[] keys(String room) {
        return new String[] {node.key("room", room, "seats"), node.key("room", room, "order"),
                node.key("room", room, "muted"), node.key("room", room, "votes"), node.key("room", room, "kicked"),
                occupied(), node.key("room", room, "swept")};
    }

    private String occupied() {
        return node.key("rooms", "occupied");
    }

    private String roomsOf(String sid) {
        return node.key("roomsof", sid);
    }

    // ---- RoomRoster ----

    @Override
    public Joined join(String room, String user, SessionHandle session, int capacity, long storedBan, long now) {
        String sid = idOf(session);
        if (sid == null) {
            // taken over meanwhile: the session is ending, and a seat could not name it
            throw new IllegalStateException(user + "'s session no longer holds its user");
        }
        List<Object> out = run(JOIN, room, user, sid, Integer.toString(capacity), Long.toString(storedBan),
                Long.toString(now));
        List<?> result = (List<?>) out.get(0);
        told(room, out.get(1));
        return switch ((String) result.get(0)) {
            case "banned" -> new Banned((Long) result.get(1));
            case "full" -> new Full();
            default -> {
                // ChatRooms subscribed this node to the room's lines before seating: answer once Redis has the
                // subscription, so that a line another node publishes after this join is heard here
                try {
                    node.settled();
                } catch (RedisException e) {
                    throw unavailable("join", e);
                }
                yield new Seated((Long) result.get(1) == 1L);
            }
        };
    }

    @Override
    public boolean leave(String room, String user, SessionHandle session) {
        String sid = session == null ? "" : idOf(session);
        if (sid == null) {
            return false; // never seated by this roster
        }
        return (Long) run(LEAVE, room, user, sid).get(0) == 1L;
    }

    @Override
    public boolean seated(String room, String user, SessionHandle session) {
        String sid = session == null ? null : idOf(session);
        if (sid == null) {
            return false;
        }
        try {
            return sid.equals(node.sync().hget(keys(room)[0], user));
        } catch (RedisException e) {
            throw unavailable("seated", e);
        }
    }

    @Override
    public boolean contains(String room, String user) {
        return !sitting(room, user).isEmpty();
    }

    @Override
    public SessionHandle seat(String room, String user) {
        String sid = sitting(room, user);
        return sid.isEmpty() ? null : registry.byId(service, user, sid).orElse(null);
    }

    /** The id of the session {@code user} sits in the room with, if it still exists; else empty. */
    private String sitting(String room, String user) {
        List<Object> out = run(SEAT, room, user);
        told(room, out.get(1));
        return (String) out.get(0);
    }

    @Override
    public int size(String room) {
        try {
            return node.sync().hlen(keys(room)[0]).intValue();
        } catch (RedisException e) {
            throw unavailable("size", e);
        }
    }

    @Override
    public List<Participant> participants(String room) {
        List<Object> out = run(PARTICIPANTS, room);
        told(room, out.get(1));
        List<?> flat = (List<?>) out.get(0);
        List<Participant> all = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            all.add(new Participant((String) flat.get(i), (Long) flat.get(i + 1) == 1L));
        }
        return all;
    }

    @Override
    public boolean muted(String room, String user) {
        try {
            return node.sync().sismember(keys(room)[2], user);
        } catch (RedisException e) {
            throw unavailable("muted", e);
        }
    }

    @Override
    public boolean mute(String room, String user, boolean mute) {
        String key = keys(room)[2];
        try {
            return (mute ? node.sync().sadd(key, user) : node.sync().srem(key, user)) == 1L;
        } catch (RedisException e) {
            throw unavailable("mute", e);
        }
    }

    @Override
    public Vote vote(String room, String voter, String target) {
        List<Object> out = run(VOTE, room, voter, target);
        told(room, out.get(1));
        List<?> counted = (List<?>) out.get(0);
        return counted.isEmpty() ? null
                : new Vote(((Long) counted.get(0)).intValue(), ((Long) counted.get(1)).intValue());
    }

    @Override
    public SessionHandle kick(String room, String target, long until) {
        String sid = (String) run(KICK, room, target, Long.toString(until)).get(0);
        return sid.isEmpty() ? null : registry.byId(service, target, sid).orElse(null);
    }

    @Override
    public List<String> busiest(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try {
            List<ScoredValue<String>> top = node.sync().zrevrangeWithScores(occupied(), 0, limit - 1);
            if (top.size() == limit) {
                // rooms as full as the last of the top are in it too, so that a tie goes by key as on one node
                top = node.sync().zrevrangebyscoreWithScores(occupied(),
                        Range.create(top.get(limit - 1).getScore(), Double.POSITIVE_INFINITY));
            }
            return top.stream()
                    .sorted(Comparator.<ScoredValue<String>>comparingDouble(ScoredValue::getScore).reversed()
                            .thenComparing(ScoredValue::getValue))
                    .limit(limit).map(ScoredValue::getValue).toList();
        } catch (RedisException e) {
            throw unavailable("busiest", e);
        }
    }

    @Override
    public Set<String> roomsOf(SessionHandle session) {
        String sid = idOf(session);
        if (sid == null) {
            return Set.of();
        }
        try {
            return Set.copyOf(node.sync().smembers(roomsOf(sid)));
        } catch (RedisException e) {
            throw unavailable("roomsOf", e);
        }
    }

    @Override
    public void forget(String room) {
        run(FORGET, room);
    }

    @Override
    public void onVacated(BiConsumer<String, String> vacated) {
        this.vacated = vacated;
    }

    // ---- dead seats ----

    /** Empties the dead seats of every occupied room that no node swept in the last {@code period}. */
    void sweep(Duration period) {
        try {
            for (String room : node.sync().zrange(occupied(), 0, -1)) {
                told(room, run(SWEEP, room, Long.toString(period.toMillis())));
            }
        } catch (RuntimeException e) {
            long held = failures.admit();
            if (held >= 0) {
                log.warn("event=room_sweep_failed error=\"{}\" ({} more)", LogText.escape(String.valueOf(e.getMessage())),
                        held);
            }
        }
    }

    /** Tells {@link #onVacated} of the users whose dead seats a script emptied. */
    private void told(String room, Object gone) {
        for (Object user : (List<?>) gone) {
            try {
                vacated.accept(room, (String) user);
            } catch (RuntimeException e) {
                // the seat is gone all the same; only the room's line about it is lost
                log.warn("event=room_vacated_unannounced room=\"{}\" user={} error=\"{}\"", LogText.escape(room),
                        LogText.escape((String) user), LogText.escape(String.valueOf(e.getMessage())));
            }
        }
    }

    // ---- helpers ----

    private String idOf(SessionHandle session) {
        String known = ids.get(session);
        if (known != null) {
            return known;
        }
        String sid = registry.idOf(session);
        if (sid != null) {
            ids.put(session, sid);
        }
        return sid;
    }

    /** How often seating again is tried when Redis, just back, does not answer yet. */
    private static final int RESEAT_TRIES = 10;

    @Override
    public void whenLost(Runnable reseat) {
        node.onReconnect(() -> reseat(reseat, RESEAT_TRIES));
    }

    private void reseat(Runnable reseat, int tries) {
        work.execute(() -> {
            try {
                reseat.run();
            } catch (StoreUnavailableException e) {
                if (tries > 1) {
                    node.after(Duration.ofSeconds(1), () -> reseat(reseat, tries - 1));
                }
            }
        });
    }

    private List<Object> run(LuaScript script, String room, String... own) {
        String[] args = new String[4 + own.length];
        args[0] = room;
        args[1] = roomsOf("");
        args[2] = registry.entryPrefix(service);
        args[3] = Long.toString(IDLE_STATE.toMillis());
        System.arraycopy(own, 0, args, 4, own.length);
        String[] keys = keys(room);
        try {
            return script.call(node, ScriptOutputType.MULTI, keys, args);
        } catch (RedisException e) {
            throw unavailable("script", e);
        }
    }

    private StoreUnavailableException unavailable(String what, RedisException e) {
        return new StoreUnavailableException("chat rooms' state in Redis (" + what + "): " + e.getMessage(), e);
    }
}
