package dev.revenant.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How every list command prints its rows (records): a header of the fields' names and aligned columns for
 * people, or with {@code --json} one JSON array of objects, the same fields, for scripts. In the table an
 * absent value is {@code -}, a yes/no is {@code yes}/{@code no}, a list is comma-separated. A list command
 * mixes it in ({@code @Mixin Listing listing}) for its {@code --json} option.
 */
public final class Listing {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "A JSON array instead of a table.")
    boolean json;

    /** Prints {@code rows} as the command line asked: a table, or JSON. */
    public void print(PrintWriter out, List<?> rows) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(row, LinkedHashMap.class);
            maps.add(map);
        }
        if (json) {
            try {
                out.println(JSON.writeValueAsString(maps));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (maps.isEmpty()) {
            out.println("(none)");
            return;
        }
        List<String> keys = new ArrayList<>(maps.get(0).keySet());
        List<List<String>> cells = new ArrayList<>();
        cells.add(keys.stream().map(Listing::header).toList());
        for (Map<String, Object> map : maps) {
            cells.add(keys.stream().map(k -> cell(map.get(k))).toList());
        }
        int[] widths = new int[keys.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                text.append(i == line.size() - 1 ? line.get(i) : String.format("%-" + widths[i] + "s  ", line.get(i)));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    /** {@code displayName} → {@code DISPLAY_NAME}. */
    private static String header(String key) {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String cell(Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return "-";
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? "-" : String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
