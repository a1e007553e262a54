package dev.revenant.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response: status, content type, extra headers and body. */
public record Response(int status, String contentType, Map<String, String> headers, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public Response {
        headers = Map.copyOf(headers);
    }

    /** {@code value} written as JSON. */
    public static Response json(int status, Object value) {
        try {
            return new Response(status, JSON, Map.of(), Json.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            // a handler returned something Jackson cannot write: the server's fault, answered with 500
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    public static Response ok(Object value) {
        return json(200, value);
    }

    public static Response text(int status, String contentType, String text) {
        return new Response(status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response noContent() {
        return new Response(204, TEXT, Map.of(), new byte[0]);
    }

    /** The JSON error body every refusal uses: {@code {"error": "..."}}. */
    static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, more, body);
    }
}
