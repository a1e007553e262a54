package dev.revenant.loadgen;

import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.Accounts;
import dev.revenant.pangya.login.LoginRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench's "hashing excluded" view of the PangYa account store: the first login of an account is
 * verified by the real store (bcrypt and all); later logins with the same password against the same stored
 * hash skip the bcrypt comparison. The store is still read on every login ({@link #forLogin} is the store's
 * own), so the store round trip stays in the measurement. Only the load generator installs it; a production
 * server never does.
 */
final class PreVerifiedAccounts implements Accounts {
    private final Accounts store;
    /** Account id → the stored hash and the password form that bcrypt accepted once. */
    private final Map<Long, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String passwordHash, String passwordMd5Hex) {}

    PreVerifiedAccounts(Accounts store) {
        this.store = store;
    }

    @Override
    public Optional<LoginRecord> forLogin(String username) {
        return store.forLogin(username);
    }

    @Override
    public boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex) {
        if (stored.isPresent()) {
            // a changed password (another hash) is checked again
            Verified known = verified.get(stored.get().account().id());
            if (known != null && known.passwordHash().equals(stored.get().passwordHash())
                    && known.passwordMd5Hex().equals(passwordMd5Hex)) {
                return true;
            }
        }
        boolean matches = store.passwordMatches(stored, passwordMd5Hex);
        if (matches) {
            verified.put(stored.get().account().id(), new Verified(stored.get().passwordHash(), passwordMd5Hex));
        }
        return matches;
    }

    @Override
    public Optional<Account> byId(long id) {
        return store.byId(id);
    }

    @Override
    public boolean nicknameTaken(String nickname) {
        return store.nicknameTaken(nickname);
    }

    @Override
    public boolean setNickname(long accountId, String nickname) {
        return store.setNickname(accountId, nickname);
    }

    @Override
    public void setCharacter(long accountId, long characterType, int hairColour) {
        store.setCharacter(accountId, characterType, hairColour);
    }
}
