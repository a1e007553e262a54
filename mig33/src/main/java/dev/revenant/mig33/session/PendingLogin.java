package dev.revenant.mig33.session;

import dev.revenant.mig33.store.Account;
import java.util.Optional;

/**
 * A login between LOGIN and LOGIN_RESPONSE: who asked (the account, if the name has one), the challenge they
 * were sent, and the presence and client version they logged in with.
 */
public record PendingLogin(String username, Optional<Account> account, String challenge, int presence,
                           int clientVersion) {}
