package dev.revenant.pangya.login;

import java.util.List;

/**
 * A PangYa account as the login rules see it.
 *
 * @param nickname null until the player chose one at first login
 * @param characterType null until the player chose a character
 */
public record Account(long id, String username, String nickname, Long characterType, int hairColour, boolean banned) {

    /** The nine chat macros a player has until changing them in the game. */
    public static final List<String> DEFAULT_MACROS = List.of(
            "Pangya!", "Nice shot!", "Good game!", "Thank you!", "Sorry!", "Good luck!", "Hurry up, please!",
            "See you!", "Bye!");

    public boolean hasNickname() {
        return nickname != null && !nickname.isEmpty();
    }

    public boolean hasCharacter() {
        return characterType != null;
    }
}
