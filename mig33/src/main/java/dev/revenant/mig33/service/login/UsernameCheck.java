package dev.revenant.mig33.service.login;

import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.AccountStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The username check of the 4.30–4.62 registration ("Step 1 of 3", Check Availability): those clients ask
 * the web site, not the gateway, with {@code GET <www>/sites/index.php?c=registration_api&v=midlet&a=check_username&username=NAME}
 * (fetched by the phone itself). They read an answer of at most two characters as "free" and go on to the
 * gateway's registration form; anything longer is a bracketed, comma-separated list of names to offer instead
 * (read from 4.62's classes: it cuts the text between {@code [} and the last character and splits it at
 * commas). The check only reads: the registration itself (REGISTRATION_RESPONSE) makes the account, with its
 * own limits.
 */
public final class UsernameCheck {
    /** The answer for a name that is free. */
    static final String FREE = "[]";
    /** How many other names a taken or invalid name gets offered. */
    static final int SUGGESTIONS = 3;

    private final AccountStore accountStore;

    public UsernameCheck(AccountStore accountStore) {
        this.accountStore = accountStore;
    }

    /** The answer for {@code raw}: {@link #FREE}, or {@code [name1,name2,name3]}, names that are free now. */
    public String check(String raw) {
        String name = Usernames.normalize(raw == null ? "" : raw);
        if (isFree(name)) {
            return FREE;
        }
        // the name with a number after it (an invalid name starts again from "mig33")
        String stem = Usernames.problem(name) == null ? name : "mig33";
        stem = stem.length() > MAX_STEM ? stem.substring(0, MAX_STEM) : stem;
        List<String> offered = new ArrayList<>();
        for (int n = 1; n < 1000 && offered.size() < SUGGESTIONS; n++) {
            String candidate = stem + n;
            if (isFree(candidate)) {
                offered.add(candidate);
            }
        }
        return "[" + String.join(",", offered) + "]";
    }

    /** Room for up to three digits after a name (usernames have at most 20 characters). */
    private static final int MAX_STEM = 17;

    private boolean isFree(String name) {
        return Usernames.problem(name) == null && accountStore.find(name).isEmpty();
    }
}
