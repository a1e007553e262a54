package dev.revenant.mig33.service;

/** The rules every text message follows, to a user, a group chat or a chat room. */
final class MessageText {
    private MessageText() {}

    /** Why {@code text} cannot be sent, or null when it can. */
    static String problem(String text, int maxLength) {
        if (text.isBlank()) {
            return "Empty message";
        }
        if (text.length() > maxLength) {
            return "Message too long (at most " + maxLength + " characters)";
        }
        return null;
    }
}
