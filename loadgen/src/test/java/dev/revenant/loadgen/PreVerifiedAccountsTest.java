package dev.revenant.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.Accounts;
import dev.revenant.pangya.login.LoginRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * "Hashing excluded" skips bcrypt only: every login still reads the store, a password is checked for real
 * the first time, and a wrong one or a changed hash is never taken on trust.
 */
class PreVerifiedAccountsTest {
    private static final Account PLAYER = new Account(3, "pbench0", "P0", 0x04000000L, 0, false);

    /** The store: one account whose hash the test may change; every call recorded. */
    private final List<String> calls = new ArrayList<>();
    private String hash = "hash-1";

    private final Accounts store = new Accounts() {
        @Override
        public Optional<LoginRecord> forLogin(String username) {
            calls.add("forLogin");
            return username.equals("pbench0") ? Optional.of(new LoginRecord(PLAYER, hash, Account.DEFAULT_MACROS))
                    : Optional.empty();
        }

        @Override
        public boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex) {
            calls.add("bcrypt");
            return stored.isPresent() && passwordMd5Hex.equals("RIGHT");
        }

        @Override public Optional<Account> byId(long id) { return Optional.empty(); }
        @Override public boolean nicknameTaken(String nickname) { return false; }
        @Override public boolean setNickname(long accountId, String nickname) { return false; }
        @Override public void setCharacter(long accountId, long characterType, int hairColour) { }
    };

    private boolean login(Accounts accounts, String user, String password) {
        return accounts.passwordMatches(accounts.forLogin(user), password);
    }

    @Test
    void bcryptOnceThenOnlyTheStoreRead() {
        PreVerifiedAccounts accounts = new PreVerifiedAccounts(store);
        assertThat(login(accounts, "pbench0", "RIGHT")).isTrue();
        assertThat(login(accounts, "pbench0", "RIGHT")).isTrue();
        assertThat(login(accounts, "pbench0", "RIGHT")).isTrue();
        assertThat(calls).containsExactly("forLogin", "bcrypt", "forLogin", "forLogin");
    }

    @Test
    void aWrongPasswordAnUnknownNameAndAChangedHashAreCheckedForReal() {
        PreVerifiedAccounts accounts = new PreVerifiedAccounts(store);
        assertThat(login(accounts, "pbench0", "RIGHT")).isTrue();
        calls.clear();

        assertThat(login(accounts, "pbench0", "WRONG")).isFalse();
        assertThat(login(accounts, "nobody", "RIGHT")).isFalse();
        hash = "hash-2"; // the password was changed: what was verified against the old hash counts no more
        assertThat(login(accounts, "pbench0", "RIGHT")).isTrue();
        assertThat(calls).containsExactly("forLogin", "bcrypt", "forLogin", "bcrypt", "forLogin", "bcrypt");
    }
}
