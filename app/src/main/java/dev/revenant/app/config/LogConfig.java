package dev.revenant.app.config;

import dev.revenant.core.config.DataSize;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code revenant serve} logs and where: always to standard error, and to a rotated file when
 * {@code file} is set. Admin commands log to standard error only, at {@code REVENANT_LOG_LEVEL}.
 *
 * @param level the least severe level written: TRACE, DEBUG, INFO, WARN, ERROR or OFF
 * @param file empty: standard error only; a path: also this file, rolled over daily and at {@code maxFileSize}
 * @param format {@code text} (one {@code key=value} line per event) or {@code json} (one JSON object per line),
 *     for the file and standard error alike
 * @param maxFileSize the file is rolled over (gzipped beside it) when it reaches this size
 * @param maxHistory days of rolled-over files kept
 * @param totalSizeCap rolled-over files together are kept under this size, the oldest deleted first
 */
public record LogConfig(String level, String file, String format, DataSize maxFileSize, int maxHistory, DataSize totalSizeCap) {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public LogConfig {
        level = level == null ? "" : level.strip().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not " + level);
        }
        file = file == null ? "" : file.strip();
        format = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("format must be text or json, not " + format);
        }
        if (maxFileSize == null || maxFileSize.bytes() < 1024) {
            throw new IllegalArgumentException("maxFileSize must be at least 1KiB, not " + maxFileSize);
        }
        if (maxHistory < 1) {
            throw new IllegalArgumentException("maxHistory must be at least 1 (days), not " + maxHistory);
        }
        if (totalSizeCap == null || totalSizeCap.bytes() < maxFileSize.bytes()) {
            throw new IllegalArgumentException("totalSizeCap must be at least maxFileSize, not " + totalSizeCap);
        }
    }

    public boolean json() {
        return format.equals("json");
    }
}
