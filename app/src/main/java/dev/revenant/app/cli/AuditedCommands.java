package dev.revenant.app.cli;

import dev.revenant.app.admin.AuditLog;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The audit log's view of an admin command: its name and its positional arguments (names of users, rooms,
 * groups: never an option's value, where passwords go), and how it ended. A command that ran on the store
 * here is recorded here; one handed to the running server is recorded there, with the address it came from.
 */
public final class AuditedCommands {
    private AuditedCommands() {}

    /** The deepest command's positional arguments ({@code bob} for {@code user del bob --force}). */
    public static String target(CommandLine cli) {
        ParseResult level = cli.getParseResult();
        while (level != null && level.subcommand() != null) {
            level = level.subcommand();
        }
        if (level == null) {
            return "";
        }
        List<String> shown = new ArrayList<>();
        level.matchedPositionals().forEach(p -> p.stringValues().forEach(shown::add));
        return String.join(" ", shown);
    }

    public static String outcome(int exitCode, String err) {
        if (exitCode == 0) {
            return "ok";
        }
        String why = err.lines().filter(l -> l.startsWith("revenant: ")).reduce((a, b) -> b).orElse("").replace("revenant: ", "");
        return "refused (exit " + exitCode + ")" + (why.isEmpty() ? "" : ": " + why);
    }

    /**
     * Records a command that opened the store in this process (not one handed to a server, which records
     * it itself), in the data directory of the store it changed.
     */
    public static void recordLocal(CommandLine cli, int exitCode, String err) {
        ParseResult parsed = cli.getParseResult();
        if (parsed == null || parsed.subcommand() == null
                || !RunningServer.FORWARDABLE.contains(parsed.subcommand().commandSpec().name())) {
            return;
        }
        ConfigOptions opened = null;
        List<String> names = new ArrayList<>();
        for (ParseResult level = parsed.subcommand(); level != null; level = level.subcommand()) {
            names.add(level.commandSpec().name());
            for (CommandSpec mixin : level.commandSpec().mixins().values()) {
                if (mixin.userObject() instanceof ConfigOptions o && o.openedStore()) {
                    opened = o;
                }
            }
        }
        if (opened == null || opened.inServer()) {
            return;
        }
        new AuditLog(opened.config().dataDir()).record("cli:" + System.getProperty("user.name", "?"),
                "local (process " + ProcessHandle.current().pid() + ")", String.join(" ", names), target(cli),
                outcome(exitCode, err));
    }
}
