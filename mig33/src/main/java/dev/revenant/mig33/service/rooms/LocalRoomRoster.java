package dev.revenant.mig33.service.rooms;

import dev.revenant.core.session.SessionHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rooms' live state in this node's memory: right for one node, where every session of a room is here.
 * Each room's state changes under its own monitor; the map of which rooms a session sits in is kept beside
 * it, so a closed connection finds its rooms without a scan.
 */
public final class LocalRoomRoster implements RoomRoster {
    /** Room key → its state; a room stays once joined (bounded by the stored rooms) until it is forgotten. */
    private final Map<String, State> rooms = new ConcurrentHashMap<>();
    /** Session → the keys of the rooms it sits in. */
    private final Map<SessionHandle, Set<String>> seats = new ConcurrentHashMap<>();

    private static final class State {
        /** Username → the session they sit in the room with, in joining order. */
        final Map<String, SessionHandle> members = new LinkedHashMap<>();
        final Set<String> muted = new HashSet<>();
        /** Target → who voted to kick them. */
        final Map<String, Set<String>> kickVotes = new HashMap<>();
        /** Username → kicked out until (ms): the store's ban is written after, so a rejoin race cannot slip by. */
        final Map<String, Long> kicked = new HashMap<>();

        void remove(String user) {
            members.remove(user);
            // a voter who left no longer counts, and votes against the leaver are void
            kickVotes.remove(user);
            kickVotes.values().forEach(v -> v.remove(user));
        }
    }

    private State state(String room) {
        return rooms.computeIfAbsent(room, k -> new State());
    }

    @Override
    public Joined join(String room, String user, SessionHandle session, int capacity, long storedBan, long now) {
        State r = state(room);
        synchronized (r) {
            long bannedUntil = Math.max(storedBan, r.kicked.getOrDefault(user, 0L));
            if (bannedUntil > now) {
                return new Banned(bannedUntil);
            }
            SessionHandle sitting = r.members.get(user);
            if (sitting == null && r.members.size() >= capacity) {
                return new Full();
            }
            if (sitting != null && sitting != session) {
                unseat(sitting, room);
            }
            r.members.put(user, session);
            seats.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(room);
            return new Seated(sitting == session);
        }
    }

    @Override
    public boolean leave(String room, String user, SessionHandle session) {
        State r = rooms.get(room);
        if (r == null) {
            return false;
        }
        synchronized (r) {
            SessionHandle sitting = r.members.get(user);
            if (sitting == null || (session != null && sitting != session)) {
                return false;
            }
            r.remove(user);
            unseat(sitting, room);
            return true;
        }
    }

    @Override
    public boolean seated(String room, String user, SessionHandle session) {
        return session != null && seat(room, user) == session;
    }

    @Override
    public boolean contains(String room, String user) {
        return seat(room, user) != null;
    }

    @Override
    public SessionHandle seat(String room, String user) {
        return read(room, null, r -> r.members.get(user));
    }

    @Override
    public int size(String room) {
        return read(room, 0, r -> r.members.size());
    }

    @Override
    public List<Participant> participants(String room) {
        return read(room, List.of(), r -> {
            List<Participant> all = new ArrayList<>(r.members.size());
            r.members.keySet().forEach(u -> all.add(new Participant(u, r.muted.contains(u))));
            return all;
        });
    }

    @Override
    public boolean muted(String room, String user) {
        return read(room, false, r -> r.muted.contains(user));
    }

    /** What {@code query} finds in the room's state, under its monitor; {@code none} for a room nobody joined. */
    private <T> T read(String room, T none, Function<State, T> query) {
        State r = rooms.get(room);
        if (r == null) {
            return none;
        }
        synchronized (r) {
            return query.apply(r);
        }
    }

    @Override
    public boolean mute(String room, String user, boolean mute) {
        State r = state(room);
        synchronized (r) {
            return mute ? r.muted.add(user) : r.muted.remove(user);
        }
    }

    @Override
    public Vote vote(String room, String voter, String target) {
        State r = state(room);
        synchronized (r) {
            Set<String> votes = r.kickVotes.computeIfAbsent(target, t -> new HashSet<>());
            if (!votes.add(voter)) {
                return null;
            }
            return new Vote(votes.size(), (r.members.size() - 1) / 2 + 1);
        }
    }

    @Override
    public SessionHandle kick(String room, String target, long until) {
        State r = state(room);
        synchronized (r) {
            SessionHandle sitting = r.members.get(target);
            r.remove(target);
            r.kicked.put(target, until);
            if (sitting != null) {
                unseat(sitting, room);
            }
            return sitting;
        }
    }

    @Override
    public List<String> busiest(int limit) {
        List<Map.Entry<String, Integer>> occupied = new ArrayList<>();
        rooms.forEach((key, r) -> {
            int n = read(key, 0, x -> x.members.size());
            if (n > 0) {
                occupied.add(Map.entry(key, n));
            }
        });
        occupied.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return occupied.stream().limit(limit).map(Map.Entry::getKey).toList();
    }

    @Override
    public Set<String> roomsOf(SessionHandle session) {
        Set<String> mine = seats.get(session);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    @Override
    public void forget(String room) {
        State r = rooms.remove(room);
        if (r != null) {
            synchronized (r) {
                r.members.values().forEach(s -> unseat(s, room));
            }
        }
    }

    private void unseat(SessionHandle session, String room) {
        seats.computeIfPresent(session, (s, mine) -> {
            mine.remove(room);
            return mine.isEmpty() ? null : mine;
        });
    }
}
