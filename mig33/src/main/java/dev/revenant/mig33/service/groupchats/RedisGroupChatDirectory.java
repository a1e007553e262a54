package dev.revenant.mig33.service.groupchats;

import dev.revenant.cluster.LuaScript;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.RedisSessionRegistry;
import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.log.LogText;
import dev.revenant.core.secret.Tokens;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.session.Mig33Context;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group chats of a community of several nodes, in Redis: a chat opened on one node is joined, written to
 * and left from any other, and its participants' sessions live on any node. A chat names its participants'
 * sessions by their directory ids ({@link RedisSessionRegistry#idOf}, and {@link RedisSessionRegistry#claimedIdOf}
 * for one taken over and closing), never by a handle: a session that takes a user over is a new one in the
 * chats, as on one node. Each call is one Lua script on its chat's key, so it is atomic for that chat across
 * nodes (the last of several leaving at once ends the chat, once).
 *
 * <p>Keys, under the community's name:
 * <ul>
 *   <li>{@code gc:c:<id>}: the chat, {@code {"c":creator,"t":imType,"p":[[user,sid,until],...]}} in joining
 *       order, where {@code until} is when the seat lapses unless its node renews it;</li>
 *   <li>{@code gc:n:<node>}: a node's index, session id → the ids of the chats that session is in, so that a
 *       session finds its chats when it closes and its node knows what to renew;</li>
 *   <li>{@code gc:open}: the open chats, each scored with when it lapses unrenewed ({@link #count}).</li>
 * </ul>
 *
 * <p>Every heartbeat each node renews the seats of its own sessions, the chats they are in (for the session
 * time to live) and its index. A seat whose session ended without leaving (its close could not reach Redis,
 * or it closed while being seated) is dropped by its own node's renewal; a seat that lapsed (its node died)
 * by the renewal of any other node with a participant there; either way the {@link #onDropped listener} of
 * the node that dropped it tells the others, once. A chat whose participants' nodes all died lapses with its
 * keys.
 */
public final class RedisGroupChatDirectory implements GroupChatDirectory {
    private static final Logger log = LoggerFactory.getLogger(RedisGroupChatDirectory.class);
    /** Characters of a group chat's id: random, so that nobody guesses their way into a chat. */
    private static final int ID_LENGTH = 20;
    /** What a group chat id can be: anything else a client sends names no chat, and no key is built of it. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{" + ID_LENGTH + "}");

    /**
     * What every script shares. KEYS[1] is the chat, KEYS[2] the open chats; ARGV[1] the time to live (ms),
     * ARGV[2] the chat's id. Times are Redis's own, so that the nodes' clocks need not agree.
     */
    private static final String PRELUDE = """
            local ttl, id = tonumber(ARGV[1]), ARGV[2]
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            -- a node's index: session id -> the ids of its chats, separated by spaces
            local function sit(index, sid)
              local v = redis.call('HGET', index, sid)
              if v then
                for x in string.gmatch(v, '%S+') do
                  if x == id then return end
                end
              end
              redis.call('HSET', index, sid, v and (v .. ' ' .. id) or id)
              redis.call('PEXPIRE', index, ttl)
            end
            local function rise(index, sid)
              local v = redis.call('HGET', index, sid)
              if not v then return end
              local kept = {}
              for x in string.gmatch(v, '%S+') do
                if x ~= id then table.insert(kept, x) end
              end
              if #kept == 0 then redis.call('HDEL', index, sid)
              else redis.call('HSET', index, sid, table.concat(kept, ' ')) end
            end
            local function save(chat, t)
              redis.call('SET', KEYS[1], cjson.encode(chat), 'PX', ttl)
              redis.call('ZADD', KEYS[2], t + ttl, id)
              redis.call('PEXPIRE', KEYS[2], ttl)
            end
            -- writes what is left of the chat (or ends it with its last seat); replies how many left, who, and who remains
            local function settle(chat, kept, gone, t, renewing)
              local reply = {tostring(#gone)}
              for _, u in ipairs(gone) do table.insert(reply, u) end
              for _, s in ipairs(kept) do table.insert(reply, s[1]) end
              if #kept == 0 then
                redis.call('DEL', KEYS[1])
                redis.call('ZREM', KEYS[2], id)
              elseif #gone > 0 or renewing then
                chat.p = kept
                save(chat, t)
              end
              return reply
            end
            """;

    /** The chat: {creator, imType, user, sid, user, sid...}, or {} when there is none. */
    private static final LuaScript READ = script("""
            local v = redis.call('GET', KEYS[1])
            if not v then return {} end
            local chat = cjson.decode(v)
            local reply = {chat.c, tostring(chat.t)}
            for _, s in ipairs(chat.p) do
              table.insert(reply, s[1])
              table.insert(reply, s[2])
            end
            return reply""");

    /** ARGV[3] creator, ARGV[4] IM type, then user and sid of each seat; KEYS[3..] each seat's node index. 0: id taken. */
    private static final LuaScript OPEN = script("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local t = now()
            local p = {}
            for i = 5, #ARGV, 2 do
              table.insert(p, {ARGV[i], ARGV[i + 1], t + ttl})
              sit(KEYS[#p + 2], ARGV[i + 1])
            end
            save({c = ARGV[3], t = tonumber(ARGV[4]), p = p}, t)
            return 1""");

    /**
     * ARGV[3] inviter, ARGV[4] the inviter's sid, ARGV[5] the most the chat holds, then user and sid of each
     * invited; KEYS[3..] each invited's node index. {'notin'}, {'toomany'} or {'added', n, added..., others...}.
     */
    private static final LuaScript INVITE = script("""
            local v = redis.call('GET', KEYS[1])
            if not v then return {'notin'} end
            local chat = cjson.decode(v)
            local seated, others = {}, {}
            for _, s in ipairs(chat.p) do
              seated[s[1]] = s[2]
              table.insert(others, s[1])
            end
            if seated[ARGV[3]] ~= ARGV[4] then return {'notin'} end
            local new = {}
            for i = 6, #ARGV, 2 do
              if not seated[ARGV[i]] then table.insert(new, i) end
            end
            if #chat.p + #new > tonumber(ARGV[5]) then return {'toomany'} end
            local t = now()
            local reply = {'added', tostring(#new)}
            for _, i in ipairs(new) do
              table.insert(chat.p, {ARGV[i], ARGV[i + 1], t + ttl})
              sit(KEYS[(i - 6) / 2 + 3], ARGV[i + 1])
              table.insert(reply, ARGV[i])
            end
            for _, u in ipairs(others) do table.insert(reply, u) end
            save(chat, t)
            return reply""");

    /**
     * Takes seats out: ARGV[3..] user and sid of each (a seat goes only if that user sits there with that sid);
     * KEYS[3..] each one's node index. {} without a chat, else {n, gone..., remaining...}.
     */
    private static final LuaScript DROP = script("""
            for i = 3, #ARGV, 2 do rise(KEYS[(i - 3) / 2 + 3], ARGV[i + 1]) end
            local v = redis.call('GET', KEYS[1])
            if not v then return {} end
            local chat = cjson.decode(v)
            local leaving = {}
            for i = 3, #ARGV, 2 do leaving[ARGV[i]] = ARGV[i + 1] end
            local kept, gone = {}, {}
            for _, s in ipairs(chat.p) do
              if leaving[s[1]] == s[2] then table.insert(gone, s[1]) else table.insert(kept, s) end
            end
            return settle(chat, kept, gone, now(), false)""");

    /**
     * One node's renewal of one chat. KEYS[3] the node's index; ARGV[3] how many sids follow that are live,
     * then those, then the node's sids whose sessions are gone. Live seats are renewed; gone and lapsed ones
     * (any node's) are dropped. Replies as DROP.
     */
    private static final LuaScript RENEW = script("""
            local t = now()
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', t)
            local live, gone = {}, {}
            local n = tonumber(ARGV[3])
            for i = 4, #ARGV do
              if i <= 3 + n then live[ARGV[i]] = true else gone[ARGV[i]] = true end
            end
            local v = redis.call('GET', KEYS[1])
            local chat = v and cjson.decode(v) or {p = {}}
            local kept, out, seated = {}, {}, {}
            for _, s in ipairs(chat.p) do
              if live[s[2]] then s[3] = t + ttl end
              if gone[s[2]] or s[3] < t then
                table.insert(out, s[1])
              else
                table.insert(kept, s)
                seated[s[2]] = true
              end
            end
            for i = 4, #ARGV do
              if not seated[ARGV[i]] then rise(KEYS[3], ARGV[i]) end
            end
            if not v then return {} end
            return settle(chat, kept, out, t, true)""");

    /** How many chats are open now: KEYS[1] the open chats. */
    private static final LuaScript COUNT = script("""
            return redis.call('ZCOUNT', KEYS[1], now(), '+inf')""");

    /** A script of this class: the shared functions, then {@code body}. */
    private static LuaScript script(String body) {
        return new LuaScript(PRELUDE + body);
    }

    /** A session as a chat names it: its user, its directory id, and the node holding it. */
    private record Sitting(String user, String sid, String node) {
    }

    private final RedisNode node;
    private final RedisSessionRegistry registry;
    private final Executor work;
    private final String ttl;
    private final String open;
    private final LogThrottle outages = new LogThrottle(Duration.ofSeconds(30), System::nanoTime);
    private final AtomicInteger lastCount = new AtomicInteger();
    private volatile Dropped dropped = (id, users, remaining) -> { };

    /**
     * @param registry the cluster's session registry: it names sessions
     * @param work where the listener hears of dropped participants (never Lettuce's I/O thread)
     */
    public RedisGroupChatDirectory(RedisNode node, RedisSessionRegistry registry, Executor work) {
        this.node = node;
        this.registry = registry;
        this.work = work;
        this.ttl = Long.toString(node.config().sessionTtl().toMillis());
        this.open = node.key("gc", "open");
        node.every(node.config().heartbeat(), this::renew);
    }

    private String chatKey(String id) {
        return node.key("gc", "c", id);
    }

    private String indexKey(String nodeId) {
        return node.key("gc", "n", nodeId);
    }

    // ---- GroupChatDirectory ----

    @Override
    public Chat open(String creator, int imType, SessionHandle creatorSession, Map<String, SessionHandle> invited) {
        List<Sitting> seats = new ArrayList<>();
        sitting(creator, creatorSession).ifPresent(seats::add);
        invited.forEach((user, session) -> sitting(user, session).ifPresent(seats::add));
        while (true) {
            Chat chat = new Chat(Tokens.alphanumeric(ID_LENGTH), creator, imType);
            if (seats.isEmpty()) {
                return chat; // every session closed meanwhile: a chat nobody is in
            }
            List<String> keys = new ArrayList<>(List.of(chatKey(chat.id()), open));
            List<String> args = new ArrayList<>(List.of(ttl, chat.id(), creator, Integer.toString(imType)));
            for (Sitting s : seats) {
                keys.add(indexKey(s.node()));
                args.add(s.user());
                args.add(s.sid());
            }
            Long made = run(OPEN, ScriptOutputType.INTEGER, keys, args);
            if (made != null && made == 1L) {
                return chat;
            }
        }
    }

    @Override
    public Optional<Chat> chatOf(String id, String user, SessionHandle session) {
        Optional<Sitting> seat = sitting(user, session);
        if (seat.isEmpty() || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        String sid = seat.get().sid();
        List<String> chat = read(id);
        if (chat.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 2; i + 1 < chat.size(); i += 2) {
            if (chat.get(i).equals(user)) {
                return sid.equals(chat.get(i + 1))
                        ? Optional.of(new Chat(id, chat.get(0), Integer.parseInt(chat.get(1)))) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> participants(String id) {
        List<String> users = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            return users;
        }
        List<String> chat = read(id);
        for (int i = 2; i + 1 < chat.size(); i += 2) {
            users.add(chat.get(i));
        }
        return users;
    }

    @Override
    public Invited invite(String id, String inviter, SessionHandle inviterSession, Map<String, SessionHandle> invited,
                          int max) {
        String mine = sitting(inviter, inviterSession).map(Sitting::sid).orElse(null);
        if (mine == null || !ID.matcher(id).matches()) {
            return new NotIn();
        }
        List<String> keys = new ArrayList<>(List.of(chatKey(id), open));
        List<String> args = new ArrayList<>(List.of(ttl, id, inviter, mine, Integer.toString(max)));
        invited.forEach((user, session) -> sitting(user, session).ifPresent(s -> {
            keys.add(indexKey(s.node()));
            args.add(s.user());
            args.add(s.sid());
        }));
        List<String> reply = strings(run(INVITE, ScriptOutputType.MULTI, keys, args));
        switch (reply.get(0)) {
            case "toomany" -> {
                return new TooMany(max);
            }
            case "added" -> {
                int n = Integer.parseInt(reply.get(1));
                Map<String, SessionHandle> added = new LinkedHashMap<>();
                for (String user : reply.subList(2, 2 + n)) {
                    added.put(user, invited.get(user));
                }
                return new Added(added, new ArrayList<>(reply.subList(2 + n, reply.size())));
            }
            default -> {
                return new NotIn();
            }
        }
    }

    @Override
    public Optional<List<String>> leave(String id, String user, SessionHandle session) {
        Optional<Sitting> seat = sitting(user, session);
        if (seat.isEmpty() || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        List<String> reply = strings(run(DROP, ScriptOutputType.MULTI,
                List.of(chatKey(id), open, indexKey(seat.get().node())), List.of(ttl, id, user, seat.get().sid())));
        if (reply.isEmpty() || reply.get(0).equals("0")) {
            return Optional.empty();
        }
        return Optional.of(new ArrayList<>(reply.subList(1 + Integer.parseInt(reply.get(0)), reply.size())));
    }

    @Override
    public Set<String> chatsOf(SessionHandle session) {
        Optional<Sitting> seat = sitting(session.user(), session);
        if (seat.isEmpty()) {
            return Set.of();
        }
        String ids;
        try {
            ids = node.sync().hget(indexKey(seat.get().node()), seat.get().sid());
        } catch (RedisException e) {
            throw unavailable("chats_of", e);
        }
        return ids == null ? Set.of() : new LinkedHashSet<>(List.of(ids.split(" ")));
    }

    /** The community's open chats (every node's gauge reads the same number); the last one read while Redis is away. */
    @Override
    public int count() {
        try {
            Long n = run(COUNT, ScriptOutputType.INTEGER, List.of(open), List.of());
            lastCount.set(n == null ? 0 : n.intValue());
        } catch (Unavailable e) {
            // the gauge keeps its last reading
        }
        return lastCount.get();
    }

    @Override
    public void onDropped(Dropped listener) {
        this.dropped = listener;
    }

    // ---- upkeep ----

    /**
     * Renews this node's seats, the chats they are in and its index; drops the seats of this node's sessions
     * that ended without leaving, and the lapsed seats of the chats it renews. Completes once Redis has
     * answered for every chat (the listener may still be hearing of them on {@code work}).
     */
    CompletableFuture<Void> renew() {
        if (!node.up()) {
            return CompletableFuture.completedFuture(null);
        }
        String index = indexKey(node.id());
        Map<String, String> seats;
        try {
            seats = node.sync().hgetall(index);
        } catch (RedisException e) {
            outage("renew", e);
            return CompletableFuture.completedFuture(null);
        }
        if (seats.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<String> liveSids = new HashSet<>();
        for (SessionHandle s : registry.sessions(Mig33Context.SERVICE)) {
            String sid = registry.idOf(s);
            if (sid != null) {
                liveSids.add(sid);
            }
        }
        // chat id -> this node's sids in it whose sessions are live, and those whose sessions are gone (every
        // chat of the index has an entry in both)
        Map<String, List<String>> live = new LinkedHashMap<>();
        Map<String, List<String>> gone = new LinkedHashMap<>();
        seats.forEach((sid, ids) -> {
            for (String id : ids.split(" ")) {
                live.computeIfAbsent(id, k -> new ArrayList<>());
                gone.computeIfAbsent(id, k -> new ArrayList<>());
                (liveSids.contains(sid) ? live : gone).get(id).add(sid);
            }
        });
        List<CompletableFuture<?>> answered = new ArrayList<>();
        try {
            node.async().pexpire(index, Long.parseLong(ttl));
            live.forEach((id, renewed) -> {
                List<String> args = new ArrayList<>(List.of(ttl, id, Integer.toString(renewed.size())));
                args.addAll(renewed);
                args.addAll(gone.get(id));
                answered.add(runAsync(RENEW, List.of(chatKey(id), open, index), args)
                        .thenAccept(reply -> report(id, strings(reply)))
                        .exceptionally(failure -> {
                            outage("renew", failure);
                            return null;
                        })
                        .toCompletableFuture());
            });
        } catch (RedisException e) {
            outage("renew", e);
        }
        return CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new));
    }

    private void report(String id, List<String> reply) {
        if (reply.isEmpty() || reply.get(0).equals("0")) {
            return;
        }
        int n = Integer.parseInt(reply.get(0));
        List<String> out = List.copyOf(reply.subList(1, 1 + n));
        List<String> remaining = List.copyOf(reply.subList(1 + n, reply.size()));
        log.debug("event=group_chat_seats_dropped users={} remaining={}", n, remaining.size());
        try {
            work.execute(() -> dropped.dropped(id, out, remaining));
        } catch (RejectedExecutionException e) {
            // the workers are saturated or stopping: the seats are gone all the same, unannounced
            log.warn("event=group_chat_drop_untold users={} remaining={}", n, remaining.size());
        }
    }

    // ---- helpers ----

    /** How a chat names {@code session}: empty once it is released (it never sits anywhere again). */
    private Optional<Sitting> sitting(String user, SessionHandle session) {
        String sid = registry.idOf(session);
        if (sid == null) {
            // taken over by a login elsewhere and closing: it still leaves its chats, as on one node
            sid = registry.claimedIdOf(session);
        }
        if (sid == null) {
            return Optional.empty();
        }
        // another node's session tells its node; this node's is here
        String holder = registry.isLocal(sid) ? node.id() : session.attribute("node");
        return holder == null ? Optional.empty() : Optional.of(new Sitting(user, sid, holder));
    }

    private List<String> read(String id) {
        return strings(run(READ, ScriptOutputType.MULTI, List.of(chatKey(id)), List.of()));
    }

    private static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        if (reply instanceof List<?> list) {
            list.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    private <T> T run(LuaScript script, ScriptOutputType type, List<String> keys, List<String> args) {
        try {
            return script.call(node, type, keys.toArray(String[]::new), args.toArray(String[]::new));
        } catch (RedisException e) {
            throw unavailable("group_chat", e);
        }
    }

    private CompletionStage<Object> runAsync(LuaScript script, List<String> keys, List<String> args) {
        return script.send(node, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new));
    }

    private Unavailable unavailable(String what, RedisException e) {
        outage(what, e);
        return new Unavailable(e);
    }

    private void outage(String what, Throwable e) {
        long held = outages.admit();
        if (held >= 0) {
            log.warn("event=cluster_redis_unavailable op={} redis={} error=\"{}\" (group chats wait for Redis; {} more"
                    + " since the last line)", what, node.config().redisShown(), LogText.escape(String.valueOf(e.getMessage())),
                    held);
        }
    }
}
