package dev.revenant.app.chat;

import dev.revenant.app.http.HttpListener;
import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The web chat client at {@code /chat}: a page, three plain ES modules and a stylesheet from the jar, for
 * members who have only a browser. It is a second front end over the same mig33 services (it speaks mig33
 * packets over the WebSocket at {@code /mig33/ws}), not a second chat system: the page holds no state the
 * server needs and no secret.
 */
public final class ChatRoutes {
    public static final String PATH = "/chat";
    /** The client's files, by the name they are served under, with their content types. */
    static final Map<String, String> FILES = Map.of(
            "", "text/html; charset=utf-8",
            "chat.js", "text/javascript; charset=utf-8",
            "mig33.js", "text/javascript; charset=utf-8",
            "history.js", "text/javascript; charset=utf-8",
            "chat.css", "text/css; charset=utf-8");
    /**
     * Only its own scripts and style, pictures from this origin (the files users send each other) or data:
     * (the registration's captcha), and connections to this origin (the WebSocket): no inline script, no
     * other site, no framing.
     */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Where the page says how large a picture the server takes, filled in as it is served. */
    static final String MAX_UPLOAD_SLOT = "MAX_UPLOAD_BYTES";

    /** The page, with this server's numbers in it; read once. */
    private final byte[] page;

    /**
     * @param maxUploadBytes mig33.maxUploadBytes: the page refuses a larger picture itself, before sending it
     *     (one past the WebSocket's message limit would end the session rather than earn an ERROR)
     */
    public ChatRoutes(int maxUploadBytes) {
        this.page = new String(read("chat/index.html"), StandardCharsets.UTF_8)
                .replace(MAX_UPLOAD_SLOT, Integer.toString(maxUploadBytes)).getBytes(StandardCharsets.UTF_8);
    }

    public void registerOn(HttpListener http) {
        http.route("GET", PATH, this::file);
    }

    private Response file(Request r) {
        String name = r.rest();
        String type = FILES.get(name);
        if (type == null) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        byte[] body = name.isEmpty() ? page : read("chat/" + name);
        // no-cache: the browser asks again each time, so a new server never runs with an old script
        return new Response(200, type, Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff",
                "Content-Security-Policy", POLICY, "Referrer-Policy", "no-referrer"), body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ChatRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
