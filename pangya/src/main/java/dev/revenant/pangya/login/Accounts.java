package dev.revenant.pangya.login;

import java.util.Optional;

/**
 * What the login rules need from the account store. A login reads the store once ({@link #forLogin}, on a
 * worker) and hands only the password check ({@link #passwordMatches}, bcrypt and no store) to the hashing
 * pool, so that the few hashing threads spend their time hashing and never wait for the store. Every other
 * method may block on the store: call from a worker.
 */
public interface Accounts {

    /**
     * The account under this name (a banned one included: the caller answers the ban), with its password hash
     * and chat macros, in one store statement; empty when there is no such account.
     */
    Optional<LoginRecord> forLogin(String username);

    /**
     * Whether the password matches the stored hash: CPU only (bcrypt), no store, so it belongs on the hashing
     * pool. With no account it checks against a decoy and answers false, so that a wrong name costs what a
     * wrong password costs.
     *
     * @param passwordMd5Hex upper-case hex MD5 of the password, the form US clients send
     */
    boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex);

    Optional<Account> byId(long id);

    /** Whether any account has this nickname, ignoring case. */
    boolean nicknameTaken(String nickname);

    /** Sets the nickname if nobody has it; false when it was taken (a race with another player). */
    boolean setNickname(long accountId, String nickname);

    void setCharacter(long accountId, long characterType, int hairColour);
}
