package dev.revenant.core.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Something to hand to a live session or a topic's subscribers: a kind ("message", "presence", …) and
 * string fields. Protocol modules give the kinds their meaning; plain strings keep it serialisable for
 * a bus that crosses nodes.
 *
 * <p>A delivery made on this node may carry the object it was made from ({@link #carried}), its fields made
 * only when something asks for them: a delivery that never leaves the node (most of them) is then taken
 * back by its receiver as it was, with no strings made and parsed again on the way.
 */
public final class Delivery {
    private final String kind;
    private final Object carried;
    private final Supplier<Map<String, String>> makeFields;
    private volatile Map<String, String> fields;

    public Delivery(String kind, Map<String, String> fields) {
        this.kind = Objects.requireNonNull(kind);
        this.carried = null;
        this.makeFields = null;
        this.fields = Map.copyOf(fields);
    }

    private Delivery(String kind, Object carried, Supplier<Map<String, String>> makeFields) {
        this.kind = Objects.requireNonNull(kind);
        this.carried = Objects.requireNonNull(carried);
        this.makeFields = Objects.requireNonNull(makeFields);
    }

    public static Delivery of(String kind, String... keyValues) {
        return new Delivery(kind, fields(keyValues));
    }

    /**
     * A delivery of {@code carried}, whose fields {@code makeFields} makes (see {@link #fields(String...)}) the
     * first time they are asked for: when it crosses to another node, never when a session here takes it.
     */
    public static Delivery carrying(String kind, Object carried, Supplier<Map<String, String>> makeFields) {
        return new Delivery(kind, carried, makeFields);
    }

    /** Fields from key, value pairs; a null value leaves its key out. */
    public static Map<String, String> fields(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs");
        }
        var map = new HashMap<String, String>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return Map.copyOf(map);
    }

    public String kind() {
        return kind;
    }

    /** The object this delivery was made from on this node; null for one that came as fields (another node's). */
    public Object carried() {
        return carried;
    }

    public Map<String, String> fields() {
        Map<String, String> now = fields;
        if (now == null) {
            // made from an object that never changes: two threads that both make them make equal maps
            now = Map.copyOf(makeFields.get());
            fields = now;
        }
        return now;
    }

    public String field(String name) {
        return fields().get(name);
    }

    /** Equal kinds and fields, whatever either carries. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && kind.equals(d.kind) && fields().equals(d.fields());
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + fields().hashCode();
    }

    @Override
    public String toString() {
        return "Delivery[kind=" + kind + ", fields=" + fields() + "]";
    }
}
