package dev.revenant.mig33.session;

import java.util.Locale;
import java.util.regex.Pattern;

/** Username rules: compared trimmed and lower-cased (spec §2); new names follow a simple pattern. */
public final class Usernames {
    /** The widest name the store holds (mig33_user.username): a longer one cannot be anyone's. */
    public static final int MAX_STORED = 64;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9._-]{2,19}");

    private Usernames() {}

    public static String normalize(String raw) {
        return raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    }

    /** Null when the (normalised) name may be registered, else why not. */
    public static String problem(String name) {
        if (!VALID.matcher(name).matches()) {
            return "Invalid username: use 3 to 20 letters, digits, '.', '_' or '-', starting with a letter";
        }
        return null;
    }

    /** Null when the password is acceptable for {@code username}, else why not. */
    public static String passwordProblem(String username, String password) {
        if (password == null || password.length() < 6) {
            return "Password too weak: use at least 6 characters";
        }
        if (password.length() > 32) {
            return "Password too long: use at most 32 characters";
        }
        if (password.toLowerCase(Locale.ROOT).contains(username)) {
            return "Password too weak: it must not contain your username";
        }
        if (!password.chars().anyMatch(Character::isLetter) || !password.chars().anyMatch(Character::isDigit)) {
            return "Password too weak: use letters and digits";
        }
        return null;
    }
}
