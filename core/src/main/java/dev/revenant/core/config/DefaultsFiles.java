package dev.revenant.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in defaults, read from one or more class-path resources and merged into one tree. Each module
 * keeps the defaults of its own section in its own jar, so the resources part the top-level keys between
 * them: a key in two of them is an error, as is an option no resource gives a default.
 */
final class DefaultsFiles {
    private final List<String> resources;
    private final ObjectNode tree;
    // top-level key → the resource that holds it, for messages that say which file lacks an option
    private final Map<String, String> resourceOf = new HashMap<>();

    private DefaultsFiles(ClassLoader loader, List<String> resources, ObjectMapper mapper) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("no defaults resource named");
        }
        this.resources = List.copyOf(resources);
        this.tree = mapper.createObjectNode();
        for (String resource : resources) {
            for (Map.Entry<String, JsonNode> section : read(loader, resource, mapper).properties()) {
                String earlier = resourceOf.putIfAbsent(section.getKey(), resource);
                if (earlier != null) {
                    throw new IllegalStateException(section.getKey() + " is in both " + earlier + " and " + resource);
                }
                tree.set(section.getKey(), section.getValue());
            }
        }
    }

    /** The resources in order; the tree keeps their keys in that order (it is the order help texts show). */
    static DefaultsFiles read(ClassLoader loader, List<String> resources, ObjectMapper mapper) {
        return new DefaultsFiles(loader, resources, mapper);
    }

    private static ObjectNode read(ClassLoader loader, String resource, ObjectMapper mapper) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource);
            }
            return ConfigLoader.asSection(mapper.readTree(in), resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    ObjectNode tree() {
        return tree;
    }

    /**
     * Every component of {@code record} (a section at {@code prefix}, or the whole at "") needs a default:
     * without one it has no environment variable, and Jackson would quietly bind null or 0. Checked when the
     * defaults are read, so the developer who adds an option learns at once, and which file lacks it.
     */
    void requireDefaults(Class<?> record, ObjectNode section, String prefix) {
        for (RecordComponent component : record.getRecordComponents()) {
            String path = ConfigTree.join(prefix, component.getName());
            JsonNode value = section.get(component.getName());
            if (value == null) {
                throw new IllegalStateException(path + " has no default in " + where(path));
            }
            if (component.getType().isRecord() && value.isObject()) {
                requireDefaults(component.getType(), (ObjectNode) value, path);
            }
        }
    }

    private String where(String path) {
        String owner = resourceOf.get(path.split("\\.", 2)[0]);
        if (owner != null) {
            return owner;
        }
        return resources.size() == 1 ? resources.get(0) : "any of " + String.join(", ", resources);
    }
}
