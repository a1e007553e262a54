package dev.revenant.core.config;

import java.util.Locale;

/** How an option's dotted path is spelled as an environment variable: {@code mig33.idleTimeout} → {@code REVENANT_MIG33_IDLE_TIMEOUT}. */
public final class EnvironmentNames {
    public static final String PREFIX = "REVENANT_";

    private EnvironmentNames() {}

    public static String of(String dottedPath) {
        StringBuilder sb = new StringBuilder(PREFIX);
        for (int i = 0; i < dottedPath.length(); i++) {
            char c = dottedPath.charAt(i);
            if (c == '.' || c == '-') {
                sb.append('_');
                continue;
            }
            if (Character.isUpperCase(c) && i > 0 && startsWord(dottedPath, i)) {
                sb.append('_');
            }
            sb.append(c);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    // idleTimeout → IDLE_TIMEOUT, but also httpURLPath → HTTP_URL_PATH: an upper-case letter starts a word
    // after a lower-case letter or digit, or when it is the last capital before a lower-case run
    private static boolean startsWord(String s, int i) {
        char prev = s.charAt(i - 1);
        if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
            return true;
        }
        return Character.isUpperCase(prev) && i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
    }
}
