package dev.revenant.mig33.store;

import java.util.List;
import java.util.Optional;

/** Chat rooms, their administrators, users' favourite rooms and vote-kick bans. */
public interface ChatRoomStore {
    /** Creates a room; empty when a room of that name (in any case) exists. */
    Optional<ChatRoomInfo> create(NewChatRoom room);

    Optional<ChatRoomInfo> find(String name);

    boolean delete(String name);

    /** Records that the room was used (joined) at {@code now}. */
    void used(int roomId, long now);

    /** The names of rooms users made that were last used before {@code cutoff} (ms since the epoch). */
    List<String> userRoomsUnusedSince(long cutoff);

    /** Rooms whose name or keywords contain {@code text} (any case; empty: all), by name. */
    List<ChatRoomInfo> search(String text, int offset, int limit);

    int count(String text);

    /** Rooms of one stored category, by name. */
    List<ChatRoomInfo> inCategory(int category, int limit);

    int countOwnedBy(int ownerId);

    boolean addAdministrator(int roomId, int userId);

    /** False when the user was not an administrator of the room. */
    boolean removeAdministrator(int roomId, int userId);

    /** Replaces what an operator may change about a room (its name, owner and category stay); false if it is gone. */
    boolean edit(int roomId, String description, int capacity, String language, boolean adult, boolean allowKicking,
                 String keywords);

    /** The user's favourite rooms, oldest first. */
    List<ChatRoomInfo> favourites(int userId);

    int countFavourites(int userId);

    /** False when the room was a favourite already. */
    boolean addFavourite(int userId, int roomId);

    boolean removeFavourite(int userId, int roomId);

    /** Bans {@code username} from the room until the given time (ms since the epoch), replacing an earlier ban. */
    void ban(int roomId, String username, long until);

    /** Until when the user is banned from the room (ms since the epoch), or 0. */
    long bannedUntil(int roomId, String username);
}
