package dev.revenant.mig33.service.rooms;

import dev.revenant.core.session.SessionHandle;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Who is in which chat room, and the room's moderation of the moment: who is muted, the open kick votes and
 * the recent kicks. A room is named by its key ({@code ChatRoomInfo.key}); a user sits in it with one
 * session (a takeover seats the new one in the old one's place). The store keeps the rooms themselves and
 * their durable bans; this is live state, which {@link LocalRoomRoster} holds in this node's memory and
 * {@link RedisRoomRoster} in the Redis the nodes of one community share, so that every node counts every
 * node's participants. Each call is atomic for its room, so the shared implementation makes each one a
 * single script.
 */
public interface RoomRoster {

    /** What a join came to. */
    sealed interface Joined {
    }

    /** Seated; {@code again}: this very session was in the room already (nobody is told it entered). */
    record Seated(boolean again) implements Joined {
    }

    /** The room holds its capacity and the user is not in it. */
    record Full() implements Joined {
    }

    /** The user was kicked out and may return at {@code until} (ms). */
    record Banned(long until) implements Joined {
    }

    /** A kick vote counted: {@code votes} against the target, of the {@code needed} a kick takes. */
    record Vote(int votes, int needed) {
        public boolean carries() {
            return votes >= needed;
        }
    }

    /** One participant, in joining order, and whether they are muted. */
    record Participant(String user, boolean muted) {
    }

    /**
     * Seats {@code user}'s {@code session} in the room unless the room is full or the user was banned until
     * after {@code now} (the later of {@code storedBan}, the store's ban, and a kick this roster recorded).
     */
    Joined join(String room, String user, SessionHandle session, int capacity, long storedBan, long now);

    /**
     * Takes {@code user} out of the room if {@code session} is the one seated there (null: whichever is); a
     * newer session of theirs stays. Their votes, and the votes against them, are void. False if not seated.
     */
    boolean leave(String room, String user, SessionHandle session);

    /** Whether {@code session} is the one {@code user} sits in the room with. */
    boolean seated(String room, String user, SessionHandle session);

    /** Whether {@code user} is in the room, with any session. */
    boolean contains(String room, String user);

    /** The session {@code user} sits in the room with, or null. */
    SessionHandle seat(String room, String user);

    /** How many are in the room. */
    int size(String room);

    /**
     * Has {@code reseat} called whenever this roster may have lost its seats (one in Redis: Redis restarted, and
     * it keeps nothing), so that this node's participants are seated again. One in memory never loses them.
     */
    default void whenLost(Runnable reseat) {
    }

    /** Who is in the room, in joining order. */
    List<Participant> participants(String room);

    boolean muted(String room, String user);

    /** Mutes or unmutes {@code user}; false when that changed nothing. */
    boolean mute(String room, String user, boolean mute);

    /**
     * Counts {@code voter}'s vote to kick {@code target}; null when this voter voted against them already.
     * A kick takes more than half of the participants other than the target.
     */
    Vote vote(String room, String voter, String target);

    /**
     * Takes {@code target} out of the room, whichever session they sit in, and keeps them out until
     * {@code until} (ms). Returns the session that was seated, or null.
     */
    SessionHandle kick(String room, String target, long until);

    /** The rooms with someone in them, the busiest first (then by key), at most {@code limit}. */
    List<String> busiest(int limit);

    /** The rooms {@code session} sits in. */
    Set<String> roomsOf(SessionHandle session);

    /** The room is gone (deleted): its live state goes with it. */
    void forget(String room);

    /**
     * Tells {@code vacated} (room, user) of each seat the roster emptied on its own because its session no
     * longer exists: it ended without leaving, as when its node died. Each such seat is told once, on the
     * node that found it. One node's sessions always leave their rooms, so by default nothing is told.
     */
    default void onVacated(BiConsumer<String, String> vacated) {
    }
}
