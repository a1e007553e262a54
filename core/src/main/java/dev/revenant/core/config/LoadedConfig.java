package dev.revenant.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A configuration in force: the bound record, the tree it renders to, and which layer set each option
 * that differs from the built-in defaults.
 *
 * @param origins dotted option path → "in revenant.yml", "from environment variable …", "from the command line"
 */
public record LoadedConfig<T>(T value, ObjectNode tree, Map<String, String> origins) {
    /** What a masked secret shows; a secret left empty shows as empty, which is worth seeing. */
    public static final String MASK = "<masked>";

    // option names that hold secrets; adminTokenFile is a path, not a token, so the match is on the name's end
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|apikey|privatekey)");
    // a JDBC URL may carry its password: jdbc:postgresql://h/db?user=u&password=p
    private static final Pattern PASSWORD_IN_TEXT = Pattern.compile("(?i)(password=)[^&;\\s]*");

    public LoadedConfig {
        tree = tree.deepCopy();
        origins = Map.copyOf(origins);
    }

    /** The effective configuration as YAML, secrets masked, for {@code revenant config}. */
    public String toMaskedYaml() {
        ObjectNode masked = tree.deepCopy();
        mask(masked);
        try {
            return ConfigLoader.yamlWriter().writeValueAsString(masked);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where an option was set: "in the built-in defaults" unless a layer above set it or its section. */
    public String originOf(String path) {
        return ConfigTree.originIn(origins, path);
    }

    private static void mask(ObjectNode section) {
        for (Map.Entry<String, JsonNode> field : List.copyOf(section.properties())) {
            JsonNode value = field.getValue();
            if (value.isObject()) {
                mask((ObjectNode) value);
            } else if (value.isTextual() && !value.asText().isEmpty()) {
                String text = SECRET_NAME.matcher(field.getKey()).matches()
                        ? MASK
                        : PASSWORD_IN_TEXT.matcher(value.asText()).replaceAll("$1" + MASK);
                section.set(field.getKey(), TextNode.valueOf(text));
            }
        }
    }
}
