package dev.revenant.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One section's built-in defaults, bound alone from the module's own defaults resource: what a module's
 * {@code defaults()} returns, so that its tests and tools run on the very values the server starts with,
 * written once, in YAML. The same checks as the loader's apply (every option has a default, no default
 * without an option); a failure is a programming error and says which file to fix.
 */
public final class Defaults {
    private record Key(String resource, String section, Class<?> type) {}

    // records are immutable, and the tests of a module ask for its defaults some hundred times
    private static final Map<Key, Object> BOUND = new ConcurrentHashMap<>();

    private Defaults() {}

    /**
     * The defaults of {@code section} (a top-level key of {@code resource}) as a {@code type}.
     *
     * @param resource class-path resource, found through {@code type}'s class loader
     */
    public static <T> T of(String resource, String section, Class<T> type) {
        Key key = new Key(resource, section, type);
        Object bound = BOUND.get(key);
        if (bound == null) {
            // not computeIfAbsent: binding runs the record's constructor, which is no place to hold a map's lock
            bound = bind(resource, section, type);
            BOUND.putIfAbsent(key, bound);
        }
        return type.cast(bound);
    }

    private static <T> T bind(String resource, String section, Class<T> type) {
        DefaultsFiles files = DefaultsFiles.read(type.getClassLoader(), List.of(resource), ConfigLoader.MAPPER);
        JsonNode node = files.tree().get(section);
        if (node == null || !node.isObject()) {
            throw new IllegalStateException(resource + " has no section " + section);
        }
        files.requireDefaults(type, (ObjectNode) node, section);
        try {
            return ConfigLoader.bind(new ConfigTree((ObjectNode) node), type);
        } catch (ConfigException e) {
            throw new IllegalStateException("the " + section + " defaults in " + resource + " do not bind: "
                    + e.getMessage(), e);
        }
    }
}
