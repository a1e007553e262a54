package dev.revenant.mig33.service.rooms;

import java.util.regex.Pattern;

/** Chat room name rules, shared by CREATE_CHATROOM and the operator's {@code room add}. */
public final class ChatRoomNames {
    // no ';': room names travel in ';'-separated lists (GET_CHATROOMS field 3)
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._'-]{1,31}");

    private ChatRoomNames() {}

    /** Longest room name or search text looked up in the store; anything longer cannot match a room. */
    static final int MAX_LOOKUP = 64;

    /**
     * Whether a name or search text from a client is worth a store lookup: short, and free of control
     * characters (PostgreSQL refuses a NUL in text, and no room name holds one).
     */
    static boolean lookupable(String text) {
        return text.length() <= MAX_LOOKUP && text.chars().noneMatch(Character::isISOControl);
    }

    /** Null when the (trimmed) name may name a new room, else why not. */
    public static String problem(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            return "Invalid room name: use 2 to 32 letters, digits, spaces, '.', '_', ''' or '-', starting with a letter or digit";
        }
        return null;
    }
}
