package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's option tables repeat each default for the operator who reads them: they must say what the
 * defaults files say. A row names one or more options (`mig33.lockout`, `mig33.maxLockout`) and their
 * defaults in the same order (30s, 15m); a default written as prose ("welcome text", "none") is not compared.
 */
class ReadmeDefaultsTest {
    private static final Pattern ROW = Pattern.compile("^\\| ((?:`[a-zA-Z0-9.*]+`(?:, )?)+) \\| ([^|]+) \\|");
    private static final Pattern OPTION = Pattern.compile("`([a-zA-Z0-9.*]+)`");
    /** One default: in backticks (which may hold commas), or plain up to the next comma. */
    private static final Pattern VALUE = Pattern.compile("\\s*(?:`([^`]*)`|([^,]+))");

    /** Every option's default as the defaults files give it, by its dotted name, lists as {@code [a, b]}. */
    private static Map<String, String> defaults() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        for (String resource : RevenantConfig.ALL_DEFAULTS) {
            try (InputStream in = RevenantConfig.class.getClassLoader().getResourceAsStream(resource)) {
                flatten("", new YAMLMapper().readTree(in), all);
            }
        }
        return all;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    e.getValue(), into));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            into.put(path, "[" + String.join(", ", items) + "]");
        } else {
            into.put(path, node.isNull() ? "~" : node.asText());
        }
    }

    /** What README's tables say, option → default, only where the default is a literal. */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> said = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../README.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            List<String> options = new ArrayList<>();
            Matcher o = OPTION.matcher(row.group(1));
            while (o.find()) {
                options.add(o.group(1));
            }
            // "307200 (300 KB)": the parenthesis says the same in other words
            String cell = row.group(2).strip().replaceAll(" \\([^)]*\\)$", "");
            List<String> values = new ArrayList<>();
            Matcher v = VALUE.matcher(cell);
            while (v.find()) {
                if (v.group(1) != null) {
                    values.add(v.group(1));
                } else {
                    String plain = v.group(2).strip();
                    // words, not a value: "welcome text", "none", "one "Revenant" at …"
                    boolean prose = plain.contains(" ") || plain.contains("…") || plain.equals("none");
                    values.add(prose ? null : plain.equals("empty") ? "" : plain);
                }
            }
            for (int i = 0; i < Math.min(options.size(), values.size()); i++) {
                String value = values.get(i);
                if (value != null && !value.contains("…")) {
                    said.put(options.get(i), value);
                }
            }
        }
        return said;
    }

    @Test
    void everyDefaultReadmeWritesOutIsTheDefaultsFilesOwn() throws IOException {
        Map<String, String> defaults = defaults();
        Map<String, String> documented = documented();
        assertThat(documented).as("README's option rows were read").hasSizeGreaterThan(70);
        Map<String, String> differing = new LinkedHashMap<>();
        documented.forEach((option, value) -> {
            if (!option.endsWith("*") && !value.equals(defaults.get(option))) {
                differing.put(option, "README says " + value + ", the defaults file " + defaults.get(option));
            }
        });
        assertThat(differing).isEmpty();
    }
}
