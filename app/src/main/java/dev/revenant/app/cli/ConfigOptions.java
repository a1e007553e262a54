package dev.revenant.app.cli;

import dev.revenant.core.config.LoadedConfig;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseInUseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The options every command takes to find its configuration and data, and where an admin command gets
 * its store: a connection of its own, or, for a command the running server runs on an operator's behalf
 * ({@link InServer}), the server's configuration and store.
 */
public final class ConfigOptions {
    /**
     * The running server's configuration, store and live sessions, for the commands it runs (see
     * {@code POST /admin/commands}).
     */
    public record InServer(RevenantConfig config, Database database, SessionRegistry sessions) {}

    /**
     * The embedded database is held by another process: the command line is handed to the server running
     * on this data directory, if one is ({@link RunningServer}).
     */
    public static final class HeldByAnotherProcess extends RuntimeException {
        private final transient RevenantConfig config;

        HeldByAnotherProcess(RevenantConfig config, DatabaseInUseException cause) {
            super(cause.getMessage(), cause);
            this.config = config;
        }

        /** The configuration the command was given: its data directory names the server to ask. */
        public RevenantConfig config() {
            return config;
        }
    }

    private final InServer server;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private boolean openedStore;

    public ConfigOptions() {
        this(null);
    }

    ConfigOptions(InServer server) {
        this.server = server;
    }

    /**
     * How picocli makes the commands' objects: every command's options find the server's configuration
     * and store when {@code server} is given, their own otherwise.
     */
    public static CommandLine.IFactory factory(InServer server) {
        CommandLine.IFactory standard = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ConfigOptions.class) {
                    return type.cast(new ConfigOptions(server));
                }
                if (type == PasswordOptions.class) {
                    return type.cast(new PasswordOptions(server != null));
                }
                return standard.create(type);
            }
        };
    }

    /** The example the help gives; a test runs it, so that it stays an option that exists. */
    public static final String SET_EXAMPLE = "mig33.messageOfTheDay=Hello";

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "YAML configuration file (default: none; also REVENANT_CONFIG).")
    Path configFile;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--set", scope = ScopeType.INHERIT, paramLabel = "PATH=VALUE", description = {"Set any option (README, Configuration), e.g.", "--set " + SET_EXAMPLE})
    Map<String, String> settings = new LinkedHashMap<>();

    /** Loads defaults, file, environment, then these flags plus the command's own. */
    public LoadedConfig<RevenantConfig> load(Map<String, String> commandFlags) {
        Map<String, String> env = System.getenv();
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (dataDir != null) {
            flags.put("dataDir", dataDir.toString());
        }
        flags.putAll(commandFlags);
        Optional<Path> file = Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(env.get(RevenantConfig.CONFIG_FILE_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of));
        return RevenantConfig.load(file, env, flags);
    }

    /** The configuration in force: the server's own for a command it runs (the flags here then do not apply). */
    public RevenantConfig config() {
        return server != null ? server.config() : load(Map.of()).value();
    }

    /**
     * The store for one command; the caller closes it. Inside the server it is the server's own (closing
     * it leaves it open). An embedded database another process holds ends the command with
     * {@link HeldByAnotherProcess}, which {@code revenant} answers by asking the running server.
     */
    public Database openStore() {
        if (server != null) {
            return server.database().borrowed();
        }
        RevenantConfig config = config();
        try {
            Database opened = Database.open(config.database(), config.dataDir());
            openedStore = true;
            return opened;
        } catch (DatabaseInUseException e) {
            throw new HeldByAnotherProcess(config, e);
        }
    }

    /** Whether this command opened the store in this process (the audit log records it here, then). */
    public boolean openedStore() {
        return openedStore;
    }

    /** Whether the running server runs this command for an operator. */
    public boolean inServer() {
        return server != null;
    }

    /** The running server's live sessions for a command it runs; null otherwise (the command then neither sees nor ends sessions). */
    public SessionRegistry sessions() {
        return server == null ? null : server.sessions();
    }

    /** Where the command writes its answer (the operator's terminal, or the server's reply to a forwarded command). */
    public PrintWriter out() {
        return command.commandLine().getOut();
    }
}
