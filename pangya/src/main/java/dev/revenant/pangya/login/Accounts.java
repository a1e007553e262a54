package dev.revenant.pangya.login;

import java.util.List;
import java.util.Optional;

/** What the login rules need from the account store. Every method may block: call from a worker. */
public interface Accounts {

    /**
     * The account if the password matches (a banned account included: the caller answers the ban).
     *
     * @param passwordMd5Hex upper-case hex MD5 of the password, the form US clients send
     */
    Optional<Account> verify(String username, String passwordMd5Hex);

    Optional<Account> byId(long id);

    /** Whether any account has this nickname, ignoring case. */
    boolean nicknameTaken(String nickname);

    /** Sets the nickname if nobody has it; false when it was taken (a race with another player). */
    boolean setNickname(long accountId, String nickname);

    void setCharacter(long accountId, long characterType, int hairColour);

    /** The nine chat macros, defaults where the player changed nothing. */
    List<String> chatMacros(long accountId);
}
