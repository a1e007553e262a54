package dev.revenant.pangya.login;

import java.util.List;

/**
 * What a login needs of an account, read from the store in one statement: the account (for LoginSuccess), the
 * stored password hash (for the check) and the nine chat macros (for ChatMacros, defaults where the player
 * changed nothing). Read on a worker; only the hash goes on to the hashing pool.
 */
public record LoginRecord(Account account, String passwordHash, List<String> chatMacros) {

    public LoginRecord {
        chatMacros = List.copyOf(chatMacros);
    }

    /** Without the hash: a record that reaches a log line must not carry it. */
    @Override
    public String toString() {
        return "LoginRecord[" + account + "]";
    }
}
