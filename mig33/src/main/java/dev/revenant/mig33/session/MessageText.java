package dev.revenant.mig33.session;

import dev.revenant.mig33.codec.Request;

/** The rules every text message follows, to a user, a group chat or a chat room. */
public final class MessageText {
    private MessageText() {}

    /**
     * The text of {@code message} ({@code text}) as its receivers will be shown it; null once its sender was
     * told why it cannot be sent.
     */
    public static String accepted(Mig33Session sender, Request.Message message, String text, int maxLength) {
        String shown = ShownText.message(text);
        String problem = problem(shown, maxLength);
        if (problem != null) {
            sender.error(message, problem);
            return null;
        }
        return shown;
    }

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
