package dev.revenant.loadgen;

import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.Accounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench's "hashing excluded" view of the PangYa account store: the first login of an account is
 * verified by the real store (bcrypt and all); later logins with the same name and password skip the bcrypt
 * comparison but still read the account row, so the store round trip stays in the measurement. Only the
 * load generator installs it; a production server never does.
 */
final class PreVerifiedAccounts implements Accounts {
    private final Accounts store;
    /** Name → the password form and account id that bcrypt accepted once. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String passwordMd5Hex, long accountId) {}

    PreVerifiedAccounts(Accounts store) {
        this.store = store;
    }

    @Override
    public Optional<Account> verify(String username, String passwordMd5Hex) {
        Verified known = verified.get(username);
        if (known != null && known.passwordMd5Hex().equals(passwordMd5Hex)) {
            Optional<Account> fresh = store.byId(known.accountId());
            if (fresh.isPresent()) {
                return fresh;
            }
        }
        Optional<Account> account = store.verify(username, passwordMd5Hex);
        account.ifPresent(a -> verified.put(username, new Verified(passwordMd5Hex, a.id())));
        return account;
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

    @Override
    public List<String> chatMacros(long accountId) {
        return store.chatMacros(accountId);
    }
}
