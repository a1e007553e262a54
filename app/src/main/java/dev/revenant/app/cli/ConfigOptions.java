package dev.revenant.app.cli;

import dev.revenant.app.config.LoadedConfig;
import dev.revenant.app.config.RevenantConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options every command takes to find its configuration and data. */
public final class ConfigOptions {
    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "YAML configuration file (default: none; also REVENANT_CONFIG).")
    Path configFile;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--set", scope = ScopeType.INHERIT, paramLabel = "PATH=VALUE", description = "Set any option, e.g. --set mig33.motd=Hello.")
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

    public RevenantConfig config() {
        return load(Map.of()).value();
    }
}
