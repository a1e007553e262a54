package dev.revenant.app.admin;

import dev.revenant.app.http.ConsoleSessions;
import dev.revenant.app.http.HttpListener;
import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import java.util.Map;

/**
 * The web console at {@code /admin}: its page, script and style from the jar (no CDN, nothing fetched
 * elsewhere), and its sign-in with the admin token ({@link ConsoleSessions}). The page holds no secret; what
 * it shows comes from the admin API.
 */
public final class ConsoleRoutes {
    /** The console's files, by the name they are served under. */
    private static final Map<String, String> FILES = Map.of(
            "", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    /** The page may use only its own script, style and the API: no inline script, no other origin. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    record SignIn(String token, String operator) {}

    private final ConsoleSessions sessions;
    private final AuditLog audit;

    public ConsoleRoutes(ConsoleSessions sessions, AuditLog audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    public void registerOn(HttpListener http) {
        http.route("GET", "/admin", this::file);
        http.route("POST", "/admin/sign-in", this::signIn);
        http.route("POST", "/admin/sign-out", r -> {
            sessions.signOut(r.headers());
            return Response.noContent().withHeader("Set-Cookie", ConsoleSessions.clearCookie());
        });
    }

    private Response file(Request r) {
        String name = r.rest();
        String type = FILES.get(name);
        if (type == null) {
            throw new HttpProblem(404, "no such resource: " + r.path());
        }
        Response file = AdminApi.resource("admin/console/" + (name.isEmpty() ? "index.html" : name), type);
        return file.withHeader("Content-Security-Policy", POLICY).withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /** The token is checked in constant time; wrong ones are counted per address and then refused for a while. */
    private Response signIn(Request r) {
        SignIn in = r.bodyAs(SignIn.class);
        String from = AdminApi.from(r);
        String operator = ConsoleSessions.operatorName(in.operator());
        ConsoleSessions.SignIn result = sessions.signIn(in.token(), operator, from);
        if (result.retryAfter().isPresent()) {
            audit.record("console:" + operator, from, "console sign-in", "", "refused: too many wrong tokens");
            long seconds = Math.max(1, result.retryAfter().get().toSeconds());
            return Response.json(429, Map.of("error", "too many wrong tokens from your address; try again in " + seconds + " s"))
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        if (result.sessionId().isEmpty()) {
            audit.record("console:" + operator, from, "console sign-in", "", "refused: wrong token");
            return Response.json(401, Map.of("error", "that is not the admin token"));
        }
        audit.record("console:" + operator, from, "console sign-in", "", "ok");
        boolean https = r.header("X-Forwarded-Proto").map("https"::equalsIgnoreCase).orElse(false);
        return Response.noContent().withHeader("Set-Cookie", ConsoleSessions.setCookie(result.sessionId().get(), https));
    }
}
