package dev.revenant.app;

import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import dev.revenant.app.http.RouteHandler;
import dev.revenant.core.log.LogText;
import dev.revenant.mig33.Mig33Gateway;
import dev.revenant.mig33.session.Usernames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /mig33/alert} (admin token): sends ALERT (5) to every logged-in mig33 user, or to one.
 * Body {@code {"text": "...", "user": "alice", "title": "..."}} (user and title optional); answers
 * {@code {"delivered": n}}, the sessions the alert was written to (0 for a user who is offline); 404 for a
 * user who does not exist.
 */
final class Mig33AlertRoute implements RouteHandler {
    private static final Logger log = LoggerFactory.getLogger(Mig33AlertRoute.class);
    /** ALERT's content is a string field; an announcement longer than this is a mistake. */
    static final int MAX_TEXT = 2000;
    static final int MAX_TITLE = 200;
    /** Writes to live connections take milliseconds; a stuck one is cut by the gateway's write timeout. */
    private static final long WAIT_SECONDS = 30;

    /** The alert document; unknown properties are refused like any admin document. */
    record Alert(String text, String user, String title) {}

    private final Supplier<Mig33Gateway> gateway;

    Mig33AlertRoute(Supplier<Mig33Gateway> gateway) {
        this.gateway = gateway;
    }

    @Override
    public Response handle(Request request) {
        Mig33Gateway mig33 = gateway.get();
        if (mig33 == null) {
            throw new HttpProblem(503, "the mig33 gateway is not running");
        }
        Alert alert = request.bodyAs(Alert.class);
        if (alert.text() == null || alert.text().isBlank() || alert.text().length() > MAX_TEXT) {
            throw new HttpProblem(400, "text must be 1 to " + MAX_TEXT + " characters");
        }
        if (alert.title() != null && alert.title().length() > MAX_TITLE) {
            throw new HttpProblem(400, "title must be at most " + MAX_TITLE + " characters");
        }
        String user = alert.user() == null || alert.user().isBlank() ? null : alert.user();
        // an unknown name is a mistake to report, not a user who happens to be offline
        if (user != null && mig33.context().accounts().find(Usernames.normalize(user)).isEmpty()) {
            throw new HttpProblem(404, "no user " + Usernames.normalize(user));
        }
        int delivered;
        try {
            delivered = mig33.alert(user, alert.title(), alert.text()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new HttpProblem(503, "the alert could not be sent: " + e.getMessage());
        }
        log.info("event=alert_sent user={} delivered={}", user == null ? "*" : LogText.escape(user), delivered);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivered", delivered);
        return Response.json(200, body);
    }
}
