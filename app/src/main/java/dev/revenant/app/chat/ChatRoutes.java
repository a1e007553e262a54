package dev.revenant.app.chat;

import dev.revenant.app.http.HttpListener;
import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    public void registerOn(HttpListener http) {
        http.route("GET", PATH, this::file);
    }

    private Response file(Request r) {
        String name = r.rest();
        String type = FILES.get(name);
        if (type == null) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        String resource = "chat/" + (name.isEmpty() ? "index.html" : name);
        try (InputStream in = ChatRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            // no-cache: the browser asks again each time, so a new server never runs with an old script
            return new Response(200, type, Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff",
                    "Content-Security-Policy", POLICY, "Referrer-Policy", "no-referrer"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
