package dev.revenant.app.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registered routes and how a request finds its own: the longest prefix that covers the path wins.
 * A prefix covers a path when it equals it, when the path continues it after a {@code /}, or, for a
 * prefix ending in {@code /}, when the path starts with it; so {@code /health} does not cover
 * {@code /healthz}.
 */
final class RouteTable {
    /** {@code secretTail}: what follows the prefix is a key or token, never logged (admin routes' tails neither). */
    record Route(String method, String prefix, RouteHandler handler, boolean admin, boolean secretTail) {
        boolean masked() {
            return admin || secretTail;
        }
    }

    /** The route for a request, or the methods the path does allow (empty: no route has the path). */
    record Match(Optional<Route> route, TreeSet<String> allowed) {}

    // routes are few and registered at start-up, looked up on every request
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    synchronized void add(String method, String prefix, RouteHandler handler, boolean admin) {
        add(method, prefix, handler, admin, admin);
    }

    synchronized void add(String method, String prefix, RouteHandler handler, boolean admin, boolean secretTail) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("a route prefix starts with /: " + prefix);
        }
        String m = method.toUpperCase(Locale.ROOT);
        for (Route r : routes) {
            if (r.method().equals(m) && r.prefix().equals(prefix)) {
                throw new IllegalStateException("route " + m + " " + prefix + " is already registered");
            }
        }
        routes.add(new Route(m, prefix, handler, admin, secretTail));
    }

    /**
     * A HEAD request takes the GET route of its path (RFC 9110 9.3.2: the same answer without a body; the
     * dispatcher leaves the body out), so monitors that probe with HEAD see what GET would say.
     */
    Match find(String method, String path) {
        Route best = null;
        int longestPrefix = -1;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            if (!covers(r.prefix(), path) || r.prefix().length() < longestPrefix) {
                continue;
            }
            if (r.prefix().length() > longestPrefix) {
                longestPrefix = r.prefix().length();
                allowed.clear();
                best = null;
            }
            allowed.add(r.method());
            if (r.method().equals("GET")) {
                allowed.add("HEAD");
            }
            if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET") && best == null)) {
                best = r;
            }
        }
        return new Match(Optional.ofNullable(best), allowed);
    }

    static boolean covers(String prefix, String path) {
        if (path.equals(prefix)) {
            return true;
        }
        if (!path.startsWith(prefix)) {
            return false;
        }
        return prefix.endsWith("/") || path.charAt(prefix.length()) == '/';
    }

    static String rest(String prefix, String path) {
        String rest = path.substring(prefix.length());
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }
}
