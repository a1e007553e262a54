package dev.revenant.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax operators write: {@code 500ms}, {@code 30s}, {@code 3m}, {@code 2h}, {@code 1d}, or ISO-8601. */
public final class HumanDuration {
    /** What an operator is told when a duration does not parse. */
    public static final String EXPECTED = "a duration such as 500ms, 30s, 3m, 2h, 1d or PT3M";

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private HumanDuration() {}

    /** The duration {@code text} spells, or empty if it is not a duration. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (t.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return Optional.of(Duration.parse(t));
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The shortest spelling in the largest unit that keeps the value exact, so that it parses back the same. */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
