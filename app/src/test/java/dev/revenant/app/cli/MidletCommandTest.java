package dev.revenant.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.Revenant;
import dev.revenant.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.revenant.app.StandardStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code revenant midlet patch} as an operator types it: what it prints, and its exit codes. */
class MidletCommandTest {
    @TempDir Path out;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    @Test
    void patchPrintsEveryChangedStringAndWritesTheCopy() throws Exception {
        Path jad = SharedData.require("clients/mig33/4.62/mig33v46.jad");

        int exit = Revenant.execute("midlet", "patch", "--jad", jad.toString(), "--host", "127.0.0.1",
                "--port", "19119", "--out", out.toString());

        String printed = streams.out();
        assertThat(exit).as(streams.err()).isZero();
        assertThat(printed).contains("mig33 MIDlet 4.62: 6 strings changed")
                .contains("  bc.class: \"gateway.mig33.com\" -> \"127.0.0.1\"")
                .contains("  bc.class: \"9119\" -> \"19119\"")
                .contains("  bc.class: \"http://gateway.mig33.com/\" -> \"http://127.0.0.1:8080/\"")
                .contains("  aj.class: \"http://gateway.mig33.com/\" -> \"http://127.0.0.1:8080/\"")
                .contains("  mig33v46.jad MIDlet-Jar-URL: \"http://www.mig33.com/wap2/v4_60/48x48/mig33v46.jar\" -> \"mig33v46.jar\"")
                .contains("  mig33v46.jad MIDlet-Jar-Size: \"192820\" -> \"" + Files.size(out.resolve("mig33v46.jar")) + "\"")
                .contains("wrote " + out.resolve("mig33v46.jad") + " and " + out.resolve("mig33v46.jar"))
                .doesNotContain("\"25\"");
    }

    @Test
    void aRefusalIsOneLineAndExitCode1() throws Exception {
        Path jad = SharedData.require("clients/mig33/4.62/mig33v46.jad");
        Path notAJar = out.resolve("in").resolve("mig33v46.jar");
        Files.createDirectories(notAJar.getParent());
        Files.writeString(notAJar, "not a zip");

        int exit = Revenant.execute("midlet", "patch", "--jad", jad.toString(), "--jar", notAJar.toString(),
                "--host", "127.0.0.1", "--out", out.resolve("patched").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(streams.err()).startsWith("revenant: mig33v46.jar is not a JAR")
                .contains("expected a MIDlet JAR").doesNotContain("Exception");
        assertThat(out.resolve("patched")).doesNotExist();

        streams.reset();
        assertThat(Revenant.execute("midlet", "patch", "--jad", jad.toString(), "--host", "not a host!",
                "--out", out.toString())).isEqualTo(1);
        assertThat(streams.err()).contains("revenant: --host not a host! is not a host name");
    }
}
