package dev.revenant.app.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a route sees it.
 *
 * @param path the decoded request path
 * @param rest what follows the route's prefix ({@code alice} for {@code /api/users/alice} under
 *     {@code /api/users/}); empty when the path is the prefix itself
 * @param query decoded query parameters, the first value of each
 * @param headers header name (case-insensitive) → values
 */
public record Request(String method, String path, String rest, Map<String, String> query,
        Map<String, List<String>> headers, byte[] body, InetSocketAddress remote) {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body read as JSON into {@code type}; a body that does not fit is the client's error (400). */
    public <T> T bodyAs(Class<T> type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new HttpProblem(400, "request body is not a valid " + type.getSimpleName() + " document");
        }
    }
}
