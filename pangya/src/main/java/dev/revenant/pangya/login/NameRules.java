package dev.revenant.pangya.login;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules for usernames, nicknames and passwords. Nicknames: 3 to 16 bytes in the profile's code page,
 * letters and digits of any script the code page has, plus {@code _ - .}; never equal to the username.
 */
public final class NameRules {
    public static final int NICKNAME_MIN_BYTES = 3;
    public static final int NICKNAME_MAX_BYTES = 16;

    private NameRules() {}

    /** The key under which a name is unique. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Why a nickname is not allowed, or empty if it is. */
    public static Optional<String> nicknameProblem(String nickname, String username, Charset codePage) {
        if (nickname.isEmpty()) {
            return Optional.of("empty");
        }
        if (!codePage.newEncoder().canEncode(nickname)) {
            return Optional.of("not in the client's code page");
        }
        int bytes = nickname.getBytes(codePage).length;
        if (bytes < NICKNAME_MIN_BYTES || bytes > NICKNAME_MAX_BYTES) {
            return Optional.of("length");
        }
        boolean ok = nickname.codePoints().allMatch(c ->
                Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'
                        || Character.getType(c) == Character.NON_SPACING_MARK); // Thai vowels and tone marks
        if (!ok) {
            return Optional.of("characters");
        }
        if (key(nickname).equals(key(username))) {
            return Optional.of("equal to the username");
        }
        return Optional.empty();
    }

    /** Why a username is not allowed: 3 to 20 ASCII letters, digits, {@code _ - .}. */
    public static Optional<String> usernameProblem(String username) {
        if (username == null || !username.matches("[A-Za-z0-9_.-]{3,20}")) {
            return Optional.of("a username is 3 to 20 ASCII letters, digits, '_', '-' or '.'");
        }
        return Optional.empty();
    }

    /**
     * Why a password is not allowed: 1 to 32 printable ASCII characters. ASCII because the TH client sends it
     * in its code page and the US client hashes its own code page's bytes: only ASCII means the same in both.
     */
    public static Optional<String> passwordProblem(String password) {
        if (password == null || !password.matches("[\\x21-\\x7e]{1,32}")) {
            return Optional.of("a password is 1 to 32 printable ASCII characters without spaces");
        }
        return Optional.empty();
    }
}
