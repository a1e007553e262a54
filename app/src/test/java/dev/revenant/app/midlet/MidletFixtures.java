package dev.revenant.app.midlet;

import dev.revenant.core.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The original MIDlets under {@code ../shared/clients/mig33/VERSION/} (proprietary: read in place at test
 * time, never copied into the repository). Missing, they skip the tests locally and fail them in CI.
 */
final class MidletFixtures {
    static final List<String> VERSIONS = List.of("3.00", "3.08", "4.05", "4.20", "4.30", "4.50", "4.62");

    private MidletFixtures() {}

    /** For {@code @MethodSource}. */
    static Stream<String> versions() {
        return VERSIONS.stream();
    }

    static Path dir(String version) {
        return SharedData.require("clients/mig33/" + version);
    }

    static Path jad(String version) {
        return only(dir(version), ".jad");
    }

    static Path jar(String version) {
        return only(dir(version), ".jar");
    }

    private static Path only(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + suffix + " file in " + dir + ", found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
