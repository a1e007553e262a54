package dev.revenant.app.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.revenant.core.limits.FailureThrottle;
import dev.revenant.core.secret.Tokens;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's sign-ins: an operator presents the admin token once and gets a random session id in
 * a cookie (HttpOnly, SameSite=Strict, path /admin), so the token itself never sits in the browser. A
 * request counts as the console's only with the cookie and the {@link #HEADER} header, which a page of
 * another site cannot add (CSRF). Wrong tokens are throttled per address.
 */
public final class ConsoleSessions {
    public static final String COOKIE = "revenant_console";
    /** Sent by the console's script on every API call; cross-site forms and links cannot send it. */
    public static final String HEADER = "X-Revenant-Console";
    /** A console left alone this long signs out. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** Sign-ins kept at once: more than a team of operators has browsers. */
    public static final int MAX_SESSIONS = 100;
    /** Wrong tokens from one address before it waits (the wait doubles up to an hour). */
    public static final int FAILURES_BEFORE_WAIT = 5;
    /** An operator's name as given at sign-in, kept for the audit log. */
    public static final int MAX_OPERATOR_NAME = 64;

    /** One signed-in console: who said they are, from where, since when. */
    public record Signed(String operator, String address, Instant since) {}

    /** The answer to a sign-in: the session id to set, or how long the address must wait. */
    public record SignIn(Optional<String> sessionId, Optional<Duration> retryAfter) {}

    private final AdminToken token;
    private final Clock clock;
    private final Cache<String, Signed> sessions;
    private final FailureThrottle failures;

    public ConsoleSessions(AdminToken token, Clock clock) {
        this.token = token;
        this.clock = clock;
        // the clock's time, so that "30 minutes idle" is the same clock the rest of the server keeps
        this.sessions = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(MAX_SESSIONS)
                .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run).build();
        this.failures = new FailureThrottle(FAILURES_BEFORE_WAIT, Duration.ofMinutes(1), Duration.ofHours(1), clock, 10_000);
    }

    /** Signs a console in when {@code presented} is the admin token; empty id (and maybe a wait) when not. */
    public SignIn signIn(String presented, String operator, String address) {
        Optional<Duration> wait = failures.refusedFor(address);
        if (wait.isPresent()) {
            return new SignIn(Optional.empty(), wait);
        }
        if (!token.matches(presented)) {
            failures.failed(address);
            return new SignIn(Optional.empty(), Optional.empty());
        }
        failures.succeeded(address);
        String id = Tokens.hex(32);
        sessions.put(id, new Signed(operatorName(operator), address, clock.instant()));
        return new SignIn(Optional.of(id), Optional.empty());
    }

    /** The name an operator gave at sign-in as it is kept: trimmed, cut at {@link #MAX_OPERATOR_NAME}. */
    public static String operatorName(String given) {
        String name = given == null || given.isBlank() ? "operator" : given.strip();
        return name.length() > MAX_OPERATOR_NAME ? name.substring(0, MAX_OPERATOR_NAME) : name;
    }

    /** Sign-ins kept now (at most {@link #MAX_SESSIONS}). */
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    public void signOut(Map<String, List<String>> headers) {
        cookie(headers).ifPresent(sessions::invalidate);
    }

    /** The console a request comes from: its cookie names a live sign-in and it carries {@link #HEADER}. */
    public Optional<Signed> signedIn(Map<String, List<String>> headers) {
        List<String> marker = headers.get(HEADER);
        if (marker == null || marker.isEmpty()) {
            return Optional.empty();
        }
        return cookie(headers).map(sessions::getIfPresent);
    }

    /** The Set-Cookie value for a new sign-in; Secure when the console is reached over HTTPS (a proxy). */
    public static String setCookie(String id, boolean secure) {
        return COOKIE + "=" + id + "; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=" + IDLE.toSeconds()
                + (secure ? "; Secure" : "");
    }

    public static String clearCookie() {
        return COOKIE + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private static Optional<String> cookie(Map<String, List<String>> headers) {
        List<String> values = headers.get("Cookie");
        if (values == null) {
            return Optional.empty();
        }
        for (String header : values) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
                if (c.name().equals(COOKIE)) {
                    return Optional.of(c.value());
                }
            }
        }
        return Optional.empty();
    }
}
