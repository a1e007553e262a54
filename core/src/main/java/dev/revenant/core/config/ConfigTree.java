package dev.revenant.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layers merged so far, and for each option the layer that set it. The defaults tree is the schema:
 * a layer may only set options the defaults name, so a typo is caught with the layer that made it.
 * An empty mapping in the defaults is an open section (a free-form map) that takes any keys.
 */
final class ConfigTree {
    static final String DEFAULTS = "in the built-in defaults";

    private final ObjectNode defaults;
    private final ObjectNode merged;
    private final Map<String, JsonNode> leaves = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    ConfigTree(ObjectNode defaults) {
        this.defaults = defaults;
        this.merged = defaults.deepCopy();
        collectLeaves(defaults, "");
    }

    private void collectLeaves(ObjectNode node, String prefix) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = join(prefix, field.getKey());
            if (field.getValue().isObject()) {
                collectLeaves((ObjectNode) field.getValue(), path);
            } else {
                leaves.put(path, field.getValue());
            }
        }
    }

    /** Every option that holds a value (not a section), in the defaults' order, with its default. */
    Map<String, JsonNode> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    ObjectNode merged() {
        return merged;
    }

    /** Where {@code path} (or the nearest section above it) was last set. */
    String originOf(String path) {
        return originIn(origins, path);
    }

    static String originIn(Map<String, String> origins, String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            String origin = origins.get(p);
            if (origin != null) {
                return origin;
            }
        }
        return DEFAULTS;
    }

    /** The origin of every option some layer above the defaults set. */
    Map<String, String> origins() {
        return Collections.unmodifiableMap(origins);
    }

    /** Lays a parsed file over the tree; {@code source} is how a message names the file ("in revenant.yml"). */
    void overlay(ObjectNode layer, String source) {
        overlay(defaults, merged, layer, "", source);
    }

    private void overlay(ObjectNode schema, ObjectNode target, ObjectNode layer, String prefix, String source) {
        for (Map.Entry<String, JsonNode> field : layer.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            String path = join(prefix, name);
            JsonNode known = schema.get(name);
            if (known == null) {
                if (schema.isEmpty() && !prefix.isEmpty()) {
                    target.set(name, value);
                    origins.put(path, source);
                    continue;
                }
                throw new ConfigException("unknown option '" + path + "' " + source);
            }
            if (value.isNull()) {
                // "mig33:" with nothing under it, or "port:" with no value: YAML gives null for both
                if (known.isObject()) {
                    continue;
                }
                throw new ConfigException("option '" + path + "' has no value " + source
                        + " (remove it to keep the default)");
            }
            if (known.isObject()) {
                if (!value.isObject()) {
                    throw new ConfigException("'" + path + "' is a section of options, but " + source
                            + " gives it a single value");
                }
                overlay((ObjectNode) known, (ObjectNode) target.get(name), (ObjectNode) value, path, source);
                continue;
            }
            if (value.isObject()) {
                throw new ConfigException("option '" + path + "' takes a value, but " + source + " gives it a section");
            }
            if (value.isArray() && !known.isArray()) {
                throw new ConfigException("option '" + path + "' takes a single value, but " + source + " gives a list");
            }
            target.set(name, value);
            origins.put(path, source);
        }
    }

    /**
     * Sets one option from text (an environment variable or a flag). A list option takes comma-separated
     * values; the text is left for binding to convert, so every layer gets the same type checks.
     */
    void set(String path, String text, String source) {
        JsonNode known = leaves.get(path);
        if (known == null) {
            throw new ConfigException("unknown option '" + path + "' " + source);
        }
        JsonNode value = known.isArray() ? list(text) : JsonNodeFactory.instance.textNode(text);
        ObjectNode section = merged;
        String[] names = path.split("\\.");
        for (int i = 0; i < names.length - 1; i++) {
            section = (ObjectNode) section.get(names[i]);
        }
        section.set(names[names.length - 1], value);
        origins.put(path, source);
    }

    private static ArrayNode list(String text) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                list.add(item.trim());
            }
        }
        return list;
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
