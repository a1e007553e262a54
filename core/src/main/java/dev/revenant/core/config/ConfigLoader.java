package dev.revenant.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a configuration record of type {@code T}: built-in defaults (YAML resources), then an optional
 * YAML file, then {@code REVENANT_*} environment variables, then flags; later layers win. The defaults are
 * also the schema: they must name every option, so that adding an option is adding a record component and
 * its default, and nothing else. Each module keeps its section's defaults in a resource of its own jar (the
 * module reads them alone through {@link Defaults}); the loader merges the resources it is given.
 */
public final class ConfigLoader<T> {
    static final ObjectMapper MAPPER = YAMLMapper.builder()
            .addModule(new ConfigModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            // 80.5 for a port is a mistake, not 80
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private final Class<T> type;
    private final ObjectNode defaults;
    private final Map<String, String> pathByEnvironmentName = new HashMap<>();
    private final Set<String> reservedEnvironment;

    /**
     * @param defaultsResources class-path resources (relative to the root) holding the defaults, each a
     *     mapping of top-level keys no other one has; merged in this order
     * @param reservedEnvironment {@code REVENANT_*} variables that are not options (the launcher's own,
     *     such as the config file location), so they are not reported as unknown
     */
    public ConfigLoader(Class<T> type, List<String> defaultsResources, Set<String> reservedEnvironment) {
        this.type = type;
        this.reservedEnvironment = Set.copyOf(reservedEnvironment);
        DefaultsFiles files = DefaultsFiles.read(type.getClassLoader(), defaultsResources, MAPPER);
        this.defaults = files.tree();
        ConfigTree schema = new ConfigTree(defaults);
        for (String path : schema.leaves().keySet()) {
            String name = EnvironmentNames.of(path);
            String clash = pathByEnvironmentName.put(name, path);
            if (clash != null) {
                throw new IllegalStateException("options " + clash + " and " + path + " share the variable " + name);
            }
        }
        files.requireDefaults(type, defaults, "");
        // the defaults must bind on their own: a mismatch is a programming error, found at the first start
        bind(schema, type);
    }

    /** A loader whose defaults are all in one resource, with no reserved variables. */
    public ConfigLoader(Class<T> type, String defaultsResource) {
        this(type, List.of(defaultsResource), Set.of());
    }

    /**
     * The configuration in force.
     *
     * @param file the operator's YAML file, if any; a named file that is missing is an error
     * @param environment the process environment; only {@code REVENANT_*} variables are read
     * @param flags dotted option path → value, from the command line
     */
    public LoadedConfig<T> load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        ConfigTree tree = new ConfigTree(defaults);
        file.ifPresent(f -> tree.overlay(readFile(f), "in " + f));
        // sorted, so that of two bad variables the same one is reported every time
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(EnvironmentNames.PREFIX) || reservedEnvironment.contains(name)) {
                continue;
            }
            String path = pathByEnvironmentName.get(name);
            if (path == null) {
                throw new ConfigException("unknown environment variable " + name + ": no option is spelled that way");
            }
            tree.set(path, variable.getValue(), "from environment variable " + name);
        }
        for (Map.Entry<String, String> flag : new TreeMap<>(flags).entrySet()) {
            tree.set(flag.getKey(), flag.getValue(), "from the command line");
        }
        T value = bind(tree, type);
        return new LoadedConfig<>(value, MAPPER.valueToTree(value), tree.origins());
    }

    /** Every option path with the environment variable that sets it, for help texts. */
    public Map<String, String> environmentNames() {
        Map<String, String> byPath = new TreeMap<>();
        pathByEnvironmentName.forEach((name, path) -> byPath.put(path, name));
        return byPath;
    }

    private ObjectNode readFile(Path file) {
        try {
            return asSection(MAPPER.readTree(Files.readAllBytes(file)), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + file + " is not valid YAML (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode asSection(JsonNode node, String source) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new ObjectMapper().createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(source + " must be a mapping of options at the top level");
        }
        return (ObjectNode) node;
    }

    /** The tree as a {@code type}; a value that does not fit is explained by option and layer. */
    static <R> R bind(ConfigTree tree, Class<R> type) {
        try {
            return MAPPER.treeToValue(tree.merged(), type);
        } catch (JsonMappingException e) {
            throw BindingErrors.explain(e, tree);
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot read the configuration: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes config trees as YAML the loader can read back (durations as {@code 30s}, paths as plain text). */
    static YAMLMapper yamlWriter() {
        return YAMLMapper.builder(new YAMLFactory())
                .addModule(new ConfigModule())
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
    }
}
