package dev.revenant.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one scenario measured: named values in the order they were added, and notes for the reader. */
final class BenchResult {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    BenchResult(String scenario) {
        values.put("scenario", scenario);
    }

    BenchResult put(String name, Object value) {
        values.put(name, value instanceof Double d ? Math.round(d * 100) / 100.0 : value);
        return this;
    }

    BenchResult note(String text) {
        notes.add(text);
        return this;
    }

    Object get(String name) {
        return values.get(name);
    }

    /** Latency percentiles in milliseconds from a histogram of microseconds. */
    BenchResult latency(String prefix, Histogram micros) {
        put(prefix + "Samples", micros.getTotalCount());
        put(prefix + "P50Ms", micros.getValueAtPercentile(50) / 1000.0);
        put(prefix + "P99Ms", micros.getValueAtPercentile(99) / 1000.0);
        put(prefix + "P999Ms", micros.getValueAtPercentile(99.9) / 1000.0);
        put(prefix + "MaxMs", micros.getMaxValue() / 1000.0);
        return this;
    }

    void printTable(PrintStream out) {
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.println();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.printf("  %-" + width + "s  %s%n", e.getKey(), e.getValue());
        }
        for (String n : notes) {
            out.println("  note: " + n);
        }
        out.println();
    }

    Map<String, Object> asMap() {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.put("notes", notes);
        return all;
    }

    static void writeJson(Path file, Map<String, Object> document) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
    }
}
