package dev.revenant.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes, written as a plain number or with a binary suffix ({@code 64KiB}, {@code 1MiB}, {@code 2GiB}). */
public record DataSize(long bytes) {
    /** What an operator is told when a size does not parse. */
    public static final String EXPECTED = "a size such as 65536, 64KiB or 1MiB";

    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib)?");

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofKibibytes(long kib) {
        return new DataSize(Math.multiplyExact(kib, 1024L));
    }

    public static DataSize ofMebibytes(long mib) {
        return new DataSize(Math.multiplyExact(mib, 1024L * 1024));
    }

    /** The size {@code text} spells, or empty if it is not one (or does not fit in a long). */
    public static Optional<DataSize> parse(String text) {
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kib" -> 1024L;
            case "mib" -> 1024L * 1024;
            case "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Optional.of(new DataSize(Math.multiplyExact(Long.parseLong(m.group(1)), unit)));
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** An int, for APIs (Netty frame limits) that take one; sizes past 2 GiB are a configuration error there. */
    public int toIntExact() {
        return Math.toIntExact(bytes);
    }

    @Override
    public String toString() {
        long[] sizes = {1024L * 1024 * 1024, 1024L * 1024, 1024L};
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < sizes.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
