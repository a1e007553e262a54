package dev.revenant.app.http;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Serves stored files (pictures users sent each other) by the unguessable token in their URL:
 * {@code GET /files/<token>}. Holding the URL is the permission to view, as with the original service's
 * picture links; a wrong token is a plain 404 that says nothing about which tokens exist.
 */
public final class FileEndpoint implements RouteHandler {
    /** A file to serve: its content type and bytes. */
    public record ServedFile(String contentType, byte[] content) {}

    /** Only types the gateway recognised by their magic bytes are ever served, whatever the store says. */
    private static final Set<String> SERVED_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "audio/amr",
            "audio/mpeg", "audio/wav", "audio/midi", "video/3gpp", "video/mp4");

    /** A file's page ({@code GET /view/<token>}): the only type {@link #pages} serves. */
    static final String PAGE_TYPE = "text/html; charset=utf-8";

    private final Function<String, Optional<ServedFile>> lookup;
    private final Set<String> served;

    /** {@code lookup}: the token → the file, or empty. */
    public FileEndpoint(Function<String, Optional<ServedFile>> lookup) {
        this(lookup, SERVED_TYPES);
    }

    private FileEndpoint(Function<String, Optional<ServedFile>> lookup, Set<String> served) {
        this.lookup = lookup;
        this.served = served;
    }

    /** Serves files' pages by the same token ({@code GET /view/<token>}): HTML only, never a stored file. */
    public static FileEndpoint pages(Function<String, Optional<ServedFile>> lookup) {
        return new FileEndpoint(lookup, Set.of(PAGE_TYPE));
    }

    @Override
    public Response handle(Request request) {
        String token = request.rest();
        ServedFile file = (token.isEmpty() || token.contains("/") ? Optional.<ServedFile>empty() : lookup.apply(token))
                .filter(f -> served.contains(f.contentType()))
                .orElseThrow(() -> new HttpProblem(404, "no such file"));
        return new Response(200, file.contentType(), Map.of(
                // a stored picture never changes; "private": the URL is the secret, shared caches must not keep it
                "Cache-Control", "private, max-age=604800, immutable",
                // the bytes are served as what they were checked to be, never sniffed into HTML or script
                "X-Content-Type-Options", "nosniff",
                "Content-Security-Policy", "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"), file.content());
    }
}
