package dev.revenant.mig33.session;

/** The rules every text message follows, to a user, a group chat or a chat room. */
public final class MessageText {
    private MessageText() {}

    /** Why {@code text} cannot be sent, or null when it can. */
    public static String problem(String text, int maxLength) {
        if (text.isBlank()) {
            return "Empty message";
        }
        if (text.length() > maxLength) {
            return "Message too long (at most " + maxLength + " characters)";
        }
        return null;
    }
}
