package dev.revenant.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A user's entry in the session directory: the node holding their session, the session's id there, and
 * its published attributes (mig33: presence, client version, address, since, transport), so that another
 * node answers "where is alice, and how is she" without asking her node.
 *
 * @param n the node's id
 * @param s the session's id, unique across nodes ({@code node.counter})
 * @param a the session's published attributes
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record DirectoryEntry(String n, String s, Map<String, String> a) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    DirectoryEntry {
        a = a == null ? Map.of() : Map.copyOf(a);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entry, or null for a value that is not one. */
    static DirectoryEntry parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            DirectoryEntry e = JSON.readValue(json, DirectoryEntry.class);
            return e.n() == null || e.s() == null ? null : e;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
