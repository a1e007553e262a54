package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.cli.ConfigOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What every command shares (issue 15, "a command line that never surprises"): help without the required
 * arguments, help's examples that work, and one exit-code convention: 0 done, 1 refused, 2 a wrong command line.
 */
class CommandLineConventionsTest {
    @TempDir Path dataDir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    private int revenant(String... args) {
        streams.reset();
        return Revenant.execute(args);
    }

    /** Every command's words, {@code [user, add]}, found by walking the command tree. */
    private static List<List<String>> everyCommand() {
        List<List<String>> all = new ArrayList<>();
        walk(Revenant.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine cli, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, all);
            }
        });
    }

    @Test
    void helpWorksAsACommandAndOnEveryCommandWithoutItsRequiredArguments() {
        assertThat(revenant("help")).isZero();
        assertThat(streams.out()).contains("Usage: revenant").contains("serve").contains("pangya");
        assertThat(revenant("help", "user")).isZero();
        assertThat(streams.out()).contains("Usage: revenant user").contains("add").contains("list");

        List<List<String>> commands = everyCommand();
        assertThat(commands).contains(List.of("user", "add"), List.of("contact", "move"), List.of("group", "rename"),
                List.of("room", "edit"), List.of("pangya", "account", "del"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            assertThat(revenant(args.toArray(String[]::new))).as("%s --help: %s", command, streams.err()).isZero();
            assertThat(streams.out()).as(String.join(" ", command))
                    .contains("Usage: revenant" + (command.isEmpty() ? "" : " " + String.join(" ", command)))
                    .doesNotContain("<arg");
            assertThat(streams.err()).as(String.join(" ", command)).doesNotContain("Missing required");
        }
        assertThat(revenant("user", "add", "--help")).isZero();
        assertThat(streams.out()).contains("--password[=PW]").contains("--force");
    }

    @Test
    void theSetExampleInTheHelpIsAccepted() {
        assertThat(revenant("user", "add", "--help")).isZero();
        Matcher example = Pattern.compile("e\\.g\\. --set (\\S+=\\S+)").matcher(streams.out().replaceAll("\\s+", " "));
        assertThat(example.find()).as(streams.out()).isTrue();
        assertThat(example.group(1)).isEqualTo(ConfigOptions.SET_EXAMPLE);

        assertThat(revenant("config", "--data-dir", dataDir.toString(), "--set", example.group(1))).as(streams.err()).isZero();
        String[] kv = example.group(1).split("=", 2);
        String leaf = kv[0].substring(kv[0].lastIndexOf('.') + 1);
        assertThat(streams.out()).containsPattern(leaf + ":\\s+\"?" + kv[1]);
    }

    @Test
    void exitCodesAreZeroDoneOneRefusedTwoAWrongCommandLine() {
        String[] store = {"--data-dir", dataDir.toString(), "--set", "database.url="};
        assertThat(revenant(join(new String[] {"user", "list"}, store))).isZero();
        assertThat(revenant(join(new String[] {"user", "del", "nobody"}, store))).isEqualTo(1);
        assertThat(streams.err()).isEqualTo("revenant: no user nobody\n");
        assertThat(revenant(join(new String[] {"pangya", "account", "ban", "nobody"}, store))).isEqualTo(1);
        assertThat(streams.err()).isEqualTo("revenant: no account nobody\n");

        assertThat(revenant("user", "del")).as("missing argument").isEqualTo(2);
        assertThat(revenant("user", "list", "--no-such-option")).as("unknown option").isEqualTo(2);
        assertThat(revenant("frobnicate")).as("unknown command").isEqualTo(2);
        assertThat(revenant(join(new String[] {"user", "list", "--set", "mig33.noSuchOption=1"}, store)))
                .as("unknown setting").isEqualTo(2);
        assertThat(streams.err()).contains("mig33.noSuchOption");
        assertThat(revenant(join(new String[] {"user", "add", "carol", "--password=Tennis42", "--password-stdin"}, store)))
                .as("two password sources").isEqualTo(2);
    }

    private static String[] join(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
