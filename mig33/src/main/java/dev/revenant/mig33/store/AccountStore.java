package dev.revenant.mig33.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /** Bans the user (replacing an earlier ban); false when there is no such user. */
    boolean ban(String username, Ban ban);

    /** Lifts the user's ban; false when there was none. */
    boolean unban(String username);

    /** The user's ban that still holds at {@code now}. */
    Optional<Ban> ban(int userId, Instant now);

    /** Every ban that still holds at {@code now}, by username. */
    Map<String, Ban> bans(Instant now);
}
