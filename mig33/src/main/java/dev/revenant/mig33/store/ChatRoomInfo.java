package dev.revenant.mig33.store;

import java.util.List;
import java.util.Locale;

/**
 * A stored chat room: what a CHATROOM packet (701) describes and what its moderation needs.
 *
 * @param owner the creator's username, or null for a room an operator made (an official room)
 * @param administrators usernames that may kick and mute at once, besides the owner
 */
public record ChatRoomInfo(int id, String name, String description, int category, int capacity, String owner,
                           List<String> administrators, String language, boolean adult, boolean allowKicking,
                           String keywords) {
    public ChatRoomInfo {
        administrators = List.copyOf(administrators);
    }

    /** Room names are unique and looked up whatever their case. */
    public static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public String key() {
        return key(name);
    }

    public boolean userOwned() {
        return owner != null;
    }

    /** The owner and the administrators moderate at once; everyone else votes. */
    public boolean moderator(String username) {
        return username.equals(owner) || administrators.contains(username);
    }
}
