package dev.revenant.app;

import dev.revenant.app.cli.AlertCommand;
import dev.revenant.app.cli.ConfigOptions;
import dev.revenant.app.cli.DissectCommand;
import dev.revenant.app.cli.MidletCommand;
import dev.revenant.app.cli.RoomCommand;
import dev.revenant.app.cli.ServeCommand;
import dev.revenant.app.cli.UserCommand;
import dev.revenant.app.config.ConfigException;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.app.pangya.PangyaAccountCommand;
import dev.revenant.core.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code revenant} command. */
@Command(name = "revenant", mixinStandardHelpOptions = true, version = "revenant 0.1.0",
        description = "Revival server for the mig33 chat gateway and the PangYa LoginService.",
        subcommands = {ServeCommand.class, UserCommand.User.class, UserCommand.Contact.class,
                UserCommand.Group.class, Revenant.ShowConfig.class,
                // contact requests, privacy, profile
                AlertCommand.class,
                RoomCommand.class, // chat rooms
                DissectCommand.class,
                MidletCommand.class, // the original J2ME clients
                dev.revenant.app.bench.BenchCommand.class})
public final class Revenant {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line; returns the exit code (tests call this directly). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Revenant());
        PangyaGroup group = new PangyaGroup();
        CommandLine pangya = new CommandLine(group);
        pangya.addSubcommand(new CommandLine(new PangyaAccountCommand(() -> {
            RevenantConfig c = group.options.config();
            return Database.open(c.database(), c.dataDir());
        })));
        cli.addSubcommand("pangya", pangya);
        // operator mistakes (a bad option, a taken name) are one clear line, not a stack trace
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("revenant: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Command(name = "pangya", mixinStandardHelpOptions = true, description = "PangYa LoginService administration.")
    static final class PangyaGroup {
        /** Inherited by the account commands: {@code revenant pangya account add NAME --data-dir DIR}. */
        @Mixin ConfigOptions options;
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = "Show the configuration in force (secrets masked) and exit.")
    static final class ShowConfig implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;

        @Override
        public Integer call() {
            System.out.print(options.load(java.util.Map.of()).toMaskedYaml());
            return 0;
        }
    }
}
