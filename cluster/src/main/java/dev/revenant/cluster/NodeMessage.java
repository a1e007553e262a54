package dev.revenant.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * What one node says to another on its channel, as one JSON object: {@code end} a session that a login on
 * another node took over, {@code dlv} a delivery for a user of that node (answered by {@code ack} on the
 * asker's channel), and on a topic's channel {@code pub}, a topic's delivery. Short keys: every message
 * crosses Redis.
 *
 * @param op end, dlv, ack or pub
 * @param req a delivery's request id, which its ack repeats
 * @param from the node that sent it
 * @param svc a service ("mig33")
 * @param u a user
 * @param sid the session meant (end)
 * @param why the reason the ended session is given
 * @param k a delivery's kind
 * @param f a delivery's fields
 * @param ok whether the delivery was taken (ack)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NodeMessage(String op, String req, String from, String svc, String u, String sid, String why, String k,
                   Map<String, String> f, Boolean ok) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static NodeMessage end(String from, String svc, String u, String sid, String why) {
        return new NodeMessage("end", null, from, svc, u, sid, why, null, null, null);
    }

    static NodeMessage deliver(String req, String from, String svc, String u, String kind, Map<String, String> fields) {
        return new NodeMessage("dlv", req, from, svc, u, null, null, kind, fields, null);
    }

    static NodeMessage ack(String req, String from, boolean ok) {
        return new NodeMessage("ack", req, from, null, null, null, null, null, null, ok);
    }

    static NodeMessage publish(String from, String kind, Map<String, String> fields) {
        return new NodeMessage("pub", null, from, null, null, null, null, kind, fields, null);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message, or null for text that is not one (logged by the caller). */
    static NodeMessage parse(String json) {
        try {
            NodeMessage m = JSON.readValue(json, NodeMessage.class);
            return m.op() == null ? null : m;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
