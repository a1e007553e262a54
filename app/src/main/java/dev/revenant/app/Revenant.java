package dev.revenant.app;

import dev.revenant.app.cli.AlertCommand;
import dev.revenant.app.cli.AuditedCommands;
import dev.revenant.app.cli.BackupCommand;
import dev.revenant.app.cli.ConfigOptions;
import dev.revenant.app.cli.DissectCommand;
import dev.revenant.app.cli.MidletCommand;
import dev.revenant.app.cli.RestoreCommand;
import dev.revenant.app.cli.RoomCommand;
import dev.revenant.app.cli.RunningServer;
import dev.revenant.app.cli.UsageException;
import dev.revenant.app.cli.UserCommand;
import dev.revenant.core.config.ConfigException;
import dev.revenant.app.pangya.PangyaAccountCommand;
import dev.revenant.core.store.DatabaseInUseException;
import dev.revenant.loadgen.BenchCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The {@code revenant} command. Exit codes, the same for every command: 0 done, 1 refused or failed (an
 * unknown user, a taken name, a busy port), 2 the command line is wrong (an unknown option, a missing
 * argument, an invalid setting). Refusals and failures are one line on stderr, {@code revenant: ...}.
 */
@Command(name = "revenant", mixinStandardHelpOptions = true, version = "revenant 0.1.0",
        // -h/--help on every command, answered before its required arguments are looked for
        scope = picocli.CommandLine.ScopeType.INHERIT,
        description = "Revival server for the mig33 chat gateway and the PangYa LoginService.",
        subcommands = {CommandLine.HelpCommand.class, ServeCommand.class, UserCommand.User.class, UserCommand.Contact.class,
                UserCommand.Group.class, Revenant.ShowConfig.class,
                AlertCommand.class, BackupCommand.class, RestoreCommand.class,
                RoomCommand.class,
                DissectCommand.class,
                MidletCommand.class}) // the original J2ME clients; then bench and pangya, added in commandLine
public final class Revenant {
    /** The command ran and was refused, or failed. */
    public static final int FAILED = 1;
    /** The command line is wrong (picocli's own code for that). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line; returns the exit code (tests call this directly). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        java.io.StringWriter said = new java.io.StringWriter();
        PrintWriter stderr = new PrintWriter(System.err, true);
        // stderr still reaches the operator; the copy gives the audit log the refusal's words
        cli.setErr(new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] chars, int off, int len) {
                stderr.write(chars, off, len);
                said.write(chars, off, len);
            }

            @Override
            public void flush() {
                stderr.flush();
            }

            @Override
            public void close() {
                stderr.flush();
            }
        }, true));
        return run(cli, said, args);
    }

    /** Runs a command line and writes it to the audit log when it changed the store here. */
    static int run(CommandLine cli, java.io.StringWriter err, String... args) {
        int exitCode = cli.execute(args);
        AuditedCommands.recordLocal(cli, exitCode, err.toString());
        return exitCode;
    }

    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The {@code revenant} command line. With {@code server} it is the one the running server parses a
     * forwarded admin command with: the commands use the server's configuration and store, ask nothing
     * interactively (nobody is there to answer) and read no {@code @file}.
     */
    static CommandLine commandLine(ConfigOptions.InServer server) {
        CommandLine.IFactory factory = ConfigOptions.factory(server);
        CommandLine cli = new CommandLine(new Revenant(), factory);
        // the load generator is its own module, which cannot know the server: it is handed the in-process one
        cli.addSubcommand("bench", new CommandLine(new BenchCommand(InProcessRevenant::new), factory));
        PangyaGroup group = new PangyaGroup();
        CommandLine pangya = new CommandLine(group, factory);
        pangya.addSubcommand(new CommandLine(new PangyaAccountCommand(() -> group.options.openStore()), factory));
        cli.addSubcommand("pangya", pangya);
        if (server != null) {
            cli.setExpandAtFiles(false);
            withoutPrompts(cli);
        }
        // operator mistakes (a bad option, a taken name) are one clear line, not a stack trace
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof UsageException) {
                cmd.getErr().println("revenant: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof ConfigOptions.HeldByAnotherProcess held) {
                // the embedded database is open in a running server: that server runs the command
                if (server == null && RunningServer.forwardable(parsed)) {
                    try {
                        return RunningServer.forward(held.config(), RunningServer.commandLineOf(parsed), cmd.getOut(),
                                cmd.getErr(), held.getMessage());
                    } catch (IllegalStateException refused) {
                        cmd.getErr().println("revenant: " + refused.getMessage());
                        return FAILED;
                    }
                }
                cmd.getErr().println("revenant: " + held.getMessage());
                return FAILED;
            }
            if (e instanceof DatabaseInUseException inUse) {
                cmd.getErr().println("revenant: " + inUse.getMessage() + " (is a server already running on it?)");
                return FAILED;
            }
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof dev.revenant.core.store.StoreUnavailableException) {
                cmd.getErr().println("revenant: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli;
    }

    /**
     * Options that would ask the operator (a password) take their value from the command line only. The
     * arguments are re-added in their order: a method command receives its parameters in that order.
     */
    private static void withoutPrompts(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        List<ArgSpec> args = new ArrayList<>(spec.args());
        int first = 0;
        while (first < args.size() && !(args.get(first) instanceof OptionSpec o && o.interactive())) {
            first++;
        }
        if (first < args.size()) {
            List<ArgSpec> rest = args.subList(first, args.size());
            rest.forEach(spec::remove);
            for (ArgSpec arg : rest) {
                if (arg instanceof OptionSpec option) {
                    spec.addOption(option.interactive()
                            ? OptionSpec.builder(option).interactive(false).arity("1").build() : option);
                } else {
                    spec.addPositional((PositionalParamSpec) arg);
                }
            }
        }
        cli.getSubcommands().values().forEach(Revenant::withoutPrompts);
    }

    @Command(name = "pangya", description = "PangYa LoginService administration.")
    static final class PangyaGroup {
        /** Inherited by the account commands: {@code revenant pangya account add NAME --data-dir DIR}. */
        @Mixin ConfigOptions options;
    }

    @Command(name = "config",
            description = "Show the configuration in force (secrets masked) and exit.")
    static final class ShowConfig implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;

        @Override
        public Integer call() {
            options.out().print(options.load(java.util.Map.of()).toMaskedYaml());
            options.out().flush();
            return 0;
        }
    }
}
