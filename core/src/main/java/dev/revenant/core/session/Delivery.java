package dev.revenant.core.session;

import java.util.Map;

/**
 * Something to hand to a live session or a topic's subscribers: a kind ("message", "presence", …) and
 * string fields. Protocol modules give the kinds their meaning; plain strings keep it serialisable for
 * a bus that crosses nodes.
 */
public record Delivery(String kind, Map<String, String> fields) {
    public Delivery {
        fields = Map.copyOf(fields);
    }

    public static Delivery of(String kind, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs");
        }
        var map = new java.util.HashMap<String, String>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return new Delivery(kind, map);
    }

    public String field(String name) {
        return fields.get(name);
    }
}
