package dev.revenant.pangya.store;

import dev.revenant.core.store.Database;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.login.NameRules;
import java.util.List;

/**
 * The operator's account commands ({@code revenant pangya account add|passwd|del|ban|unban|list}) as plain
 * methods; the picocli wrapper only parses and prints. Problems are {@link IllegalArgumentException}s whose
 * message is fit for the operator.
 */
public final class AccountAdmin {
    private final AccountStore store;

    /** Migrates the PangYa tables first, so the commands work on a fresh data directory. */
    public AccountAdmin(Database database) {
        this(database, AccountStore.DEFAULT_COST);
    }

    public AccountAdmin(Database database, int cost) {
        database.migrate("pangya");
        this.store = new AccountStore(database, cost);
    }

    /** Adds an account and returns its user id. */
    public long add(String username, String password) {
        NameRules.usernameProblem(username).ifPresent(AccountAdmin::refuse);
        NameRules.passwordProblem(password).ifPresent(AccountAdmin::refuse);
        if (store.byUsername(username).isPresent()) {
            refuse("account " + username + " already exists");
        }
        return store.create(username, PasswordForm.md5Hex(password));
    }

    public void passwd(String username, String password) {
        NameRules.passwordProblem(password).ifPresent(AccountAdmin::refuse);
        if (!store.setPassword(username, PasswordForm.md5Hex(password))) {
            refuse("no account " + username);
        }
    }

    public void ban(String username) {
        if (!store.setBanned(username, true)) {
            refuse("no account " + username);
        }
    }

    public void unban(String username) {
        if (!store.setBanned(username, false)) {
            refuse("no account " + username);
        }
    }

    public void delete(String username) {
        if (!store.delete(username)) {
            refuse("no account " + username);
        }
    }

    public List<AccountStore.Row> list() {
        return store.list();
    }

    private static void refuse(String why) {
        throw new IllegalArgumentException(why);
    }
}
