package dev.revenant.midlets.inside;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * The emulated phone's network: each phone (each {@code PhoneClassLoader}) has its own copy, which maps a
 * host:port a MIDlet dials to where the test server listens, the way a phone operator's name server would.
 * Unmapped addresses are refused, so a MIDlet never reaches the real internet from a test; a loopback
 * address (where a patched MIDlet dials) is dialled as it is.
 */
public final class PhoneNetwork {
    private static final Map<String, String> ROUTES = new ConcurrentHashMap<>();
    private static final List<String> DIALLED = new CopyOnWriteArrayList<>();

    private PhoneNetwork() {}

    public static void routes(Map<String, String> routes) {
        ROUTES.clear();
        ROUTES.putAll(routes);
    }

    public static List<String> dialled() {
        return List.copyOf(DIALLED);
    }

    /** Called by the emulator's socket and http connectors before they open {@code url}. */
    public static String route(String url) {
        DIALLED.add(url);
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        String rest = url.substring(scheme + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (authority.startsWith("127.")) {
            return url; // the machine's own address (a patched MIDlet's): no name server is asked
        }
        String key = authority.contains(":") ? authority : authority + (url.startsWith("http") ? ":80" : "");
        String to = ROUTES.get(key.toLowerCase(java.util.Locale.ROOT));
        if (to == null) {
            // an address nobody routed: a closed port on loopback answers "connection refused" at once
            to = "127.0.0.1:1";
        }
        return url.substring(0, scheme + 3) + to + path;
    }
}
