package dev.revenant.app.config;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.core.config.ConfigLoader;
import dev.revenant.core.config.LoadedConfig;
import dev.revenant.core.net.ConnectionLimits;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.pangya.PangyaConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an operator can configure. Every default is written once, in YAML, by the module that owns
 * the section: {@value #DEFAULTS_RESOURCE} here for the app's sections, {@code revenant-defaults/mig33.yml}
 * and {@code revenant-defaults/pangya.yml} in the protocol modules, each with the comments an operator reads.
 *
 * <p>To add an option: a component of its section's record, and its line, with a default and a comment, in
 * that section's file. To add a section: a record component here, its block in the owning module's file
 * (a module of its own gets a {@code revenant-defaults/<module>.yml} of its own, added to
 * {@link #ALL_DEFAULTS} and, in the same place, to the concat in dist/pom.xml that writes the sample
 * revenant.yml), and a {@code defaults()} that reads it through {@link dev.revenant.core.config.Defaults} if
 * the module's tests want one. A section record checks its values in its constructor and throws
 * {@link IllegalArgumentException} with a message that starts with the option's name ("port must be …"); the
 * loader prefixes the section and names the layer.
 *
 * @param dataDir where the embedded database, the admin token and other files live
 * @param limits connection limits shared by mig33, PangYa and the HTTP listener
 * @param net how the event loops reach the network (epoll or NIO)
 * @param mig33 the mig33 gateway
 * @param pangya the PangYa LoginService
 * @param log what {@code serve} logs, and to which file
 * @param cluster several nodes of one community on Redis; off while {@code cluster.redis} is empty
 */
public record RevenantConfig(Path dataDir, DatabaseConfig database, HttpConfig http, ConnectionLimits limits,
                             NetConfig net, Mig33Config mig33, PangyaConfig pangya, LogConfig log, ClusterConfig cluster) {
    /** The class-path resource with the defaults of the app's own sections (all but the protocols'). */
    public static final String DEFAULTS_RESOURCE = "revenant-defaults/app.yml";

    /**
     * Every section's defaults, which together are the list of all options: the app's, then each protocol
     * module's from its own jar. The order is the order of the options in the sample revenant.yml, whose
     * dist/pom.xml takes the same files.
     */
    public static final List<String> ALL_DEFAULTS = List.of(DEFAULTS_RESOURCE, Mig33Config.DEFAULTS_RESOURCE,
            PangyaConfig.DEFAULTS_RESOURCE, ClusterConfig.DEFAULTS_RESOURCE);

    /** Names the config file, for launchers that cannot pass {@code --config}; not an option itself. */
    public static final String CONFIG_FILE_VARIABLE = "REVENANT_CONFIG";

    /**
     * Read by the launcher, not options: the loader lets them be. ({@code REVENANT_LOG_LEVEL} is the variable
     * of the option {@code log.level}; logback.xml reads it too, for what is logged before the options are.)
     */
    public static final java.util.Set<String> OTHER_VARIABLES = Set.of(CONFIG_FILE_VARIABLE, "REVENANT_JAVA_OPTS");

    public RevenantConfig {
        if (dataDir == null || dataDir.toString().isBlank()) {
            throw new IllegalArgumentException("dataDir must not be empty");
        }
    }

    /** A loader for this record; cheap enough to make once per command. */
    public static ConfigLoader<RevenantConfig> loader() {
        return new ConfigLoader<>(RevenantConfig.class, ALL_DEFAULTS, OTHER_VARIABLES);
    }

    /** Loads defaults, file, environment and flags, in that order of precedence (flags win). */
    public static LoadedConfig<RevenantConfig> load(
            Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        return loader().load(file, environment, flags);
    }

    /** Where the admin bearer token is kept. */
    public Path adminTokenPath() {
        return http.adminTokenPath(dataDir);
    }
}
