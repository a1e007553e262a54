package dev.revenant.mig33.store;

import java.util.List;
import java.util.Optional;

/** mig33 accounts. */
public interface AccountStore {
    Optional<Account> find(String username);

    /** Creates the account with its default contact group; empty if the name is taken. */
    Optional<Account> create(NewAccount account, String defaultGroupName);

    boolean setPassword(String username, String passwordSealed);

    boolean delete(String username);

    List<String> usernames();

    /** Every account, by username (the operator's list). */
    List<Account> all();
}
