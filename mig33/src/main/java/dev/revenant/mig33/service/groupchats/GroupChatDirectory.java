package dev.revenant.mig33.service.groupchats;

import dev.revenant.core.session.SessionHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live group chats: each one's id, creator and participants, and which chats each session is in. A
 * group chat is never stored; {@link LocalGroupChatDirectory} holds them in this node's memory, and
 * {@link RedisGroupChatDirectory} in Redis, shared by the nodes of one community. A user is in a chat with
 * one session (a session that was taken over must not take its successor out). Each call is atomic for its
 * chat.
 */
public interface GroupChatDirectory {

    /** A group chat as its participants' clients know it. */
    record Chat(String id, String creator, int imType) {
    }

    /** What an invitation came to. */
    sealed interface Invited {
    }

    /** The inviter is not (or no longer) in the chat, or it has ended. */
    record NotIn() implements Invited {
    }

    /** The chat cannot hold them all: {@code max} at most. */
    record TooMany(int max) implements Invited {
    }

    /** {@code added} joined; {@code others} were in the chat before them. */
    record Added(Map<String, SessionHandle> added, List<String> others) implements Invited {
    }

    /**
     * Opens a chat under a fresh id with its creator's session and the invited users' sessions, in that order.
     */
    Chat open(String creator, int imType, SessionHandle creatorSession, Map<String, SessionHandle> invited);

    /** The chat if {@code session} is {@code user}'s session in it, and it has not ended. */
    Optional<Chat> chatOf(String id, String user, SessionHandle session);

    /** Who is in the chat, in joining order (empty once it has ended). */
    List<String> participants(String id);

    /**
     * Adds the invited users not in the chat yet, if {@code inviter} is in it with {@code inviterSession} and
     * the chat then holds at most {@code max}.
     */
    Invited invite(String id, String inviter, SessionHandle inviterSession, Map<String, SessionHandle> invited, int max);

    /**
     * Takes {@code user} out of the chat if {@code session} is theirs in it; the chat ends with its last
     * participant. Returns who remains (empty: it ended), or empty if the user was not in it so.
     */
    Optional<List<String>> leave(String id, String user, SessionHandle session);

    /** The chats {@code session} is in. */
    Set<String> chatsOf(SessionHandle session);

    /** How many chats are open: on one node, this node's; shared by several, the community's. */
    int count();

    /** Participants whom the directory took out of a chat itself, not by their own leaving. */
    @FunctionalInterface
    interface Dropped {
        /** {@code users} are out of chat {@code id}; {@code remaining} are still in it (empty: it ended). */
        void dropped(String id, List<String> users, List<String> remaining);
    }

    /**
     * Tells {@code listener} of participants the directory takes out itself: sessions that ended where their
     * leaving could not be heard (their node died, or was cut off from the others). Each is told of once, on
     * one node. Chats in one node's memory never lose anyone so.
     */
    default void onDropped(Dropped listener) {
    }

    /** The directory cannot answer now (several nodes: Redis is away); the call may or may not have happened. */
    final class Unavailable extends RuntimeException {
        public Unavailable(Throwable cause) {
            super("group chats are unavailable: " + cause.getMessage(), cause);
        }
    }
}
