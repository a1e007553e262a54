package dev.revenant.mig33.service.groupchats;

import dev.revenant.core.secret.Tokens;
import dev.revenant.core.session.SessionHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group chats in this node's memory: right for one node, where every participant's session is here.
 * Each chat changes under its own monitor.
 */
public final class LocalGroupChatDirectory implements GroupChatDirectory {
    /** Characters of a group chat's id: random, so that nobody guesses their way into a chat. */
    private static final int ID_LENGTH = 20;

    private final Map<String, Live> chats = new ConcurrentHashMap<>();
    /** Session → the ids of the chats it is in, so that a lost connection leaves them all. */
    private final Map<SessionHandle, Set<String>> seats = new ConcurrentHashMap<>();

    private static final class Live {
        final Chat chat;
        /** Username → the session that joined, in joining order. */
        final Map<String, SessionHandle> participants = new LinkedHashMap<>();
        boolean ended;

        Live(Chat chat) {
            this.chat = chat;
        }
    }

    @Override
    public Chat open(String creator, int imType, SessionHandle creatorSession, Map<String, SessionHandle> invited) {
        Live made;
        do {
            made = new Live(new Chat(Tokens.alphanumeric(ID_LENGTH), creator, imType));
        } while (chats.putIfAbsent(made.chat.id(), made) != null);
        Live live = made;
        synchronized (live) {
            seat(live, creator, creatorSession);
            invited.forEach((user, session) -> seat(live, user, session));
        }
        return live.chat;
    }

    @Override
    public Optional<Chat> chatOf(String id, String user, SessionHandle session) {
        Live live = chats.get(id);
        if (live == null) {
            return Optional.empty();
        }
        synchronized (live) {
            return !live.ended && live.participants.get(user) == session ? Optional.of(live.chat) : Optional.empty();
        }
    }

    @Override
    public List<String> participants(String id) {
        Live live = chats.get(id);
        if (live == null) {
            return List.of();
        }
        synchronized (live) {
            return new ArrayList<>(live.participants.keySet());
        }
    }

    @Override
    public Invited invite(String id, String inviter, SessionHandle inviterSession, Map<String, SessionHandle> invited,
                          int max) {
        Live live = chats.get(id);
        if (live == null) {
            return new NotIn();
        }
        synchronized (live) {
            if (live.ended || live.participants.get(inviter) != inviterSession) {
                return new NotIn();
            }
            Map<String, SessionHandle> added = new LinkedHashMap<>(invited);
            added.keySet().removeAll(live.participants.keySet());
            if (live.participants.size() + added.size() > max) {
                return new TooMany(max);
            }
            List<String> others = new ArrayList<>(live.participants.keySet());
            added.forEach((user, session) -> seat(live, user, session));
            return new Added(added, others);
        }
    }

    @Override
    public Optional<List<String>> leave(String id, String user, SessionHandle session) {
        Live live = chats.get(id);
        if (live == null) {
            return Optional.empty();
        }
        synchronized (live) {
            if (live.participants.get(user) != session) {
                return Optional.empty();
            }
            live.participants.remove(user);
            unseat(session, id);
            List<String> remaining = new ArrayList<>(live.participants.keySet());
            if (remaining.isEmpty()) {
                live.ended = true;
                chats.remove(id, live);
            }
            return Optional.of(remaining);
        }
    }

    @Override
    public Set<String> chatsOf(SessionHandle session) {
        Set<String> mine = seats.get(session);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    @Override
    public int count() {
        return chats.size();
    }

    /** Callers hold the chat's monitor. */
    private void seat(Live live, String user, SessionHandle session) {
        live.participants.put(user, session);
        seats.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(live.chat.id());
    }

    private void unseat(SessionHandle session, String id) {
        seats.computeIfPresent(session, (s, mine) -> {
            mine.remove(id);
            return mine.isEmpty() ? null : mine;
        });
    }
}
