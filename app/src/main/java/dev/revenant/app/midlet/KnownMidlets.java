package dev.revenant.app.midlet;

import static dev.revenant.app.midlet.GatewayEndpoint.FALLBACK_PORT;
import static dev.revenant.app.midlet.GatewayEndpoint.FALLBACK_SOCKET_URL;
import static dev.revenant.app.midlet.GatewayEndpoint.HOST;
import static dev.revenant.app.midlet.GatewayEndpoint.HTTP_URL;
import static dev.revenant.app.midlet.GatewayEndpoint.PORT;
import static dev.revenant.app.midlet.GatewayEndpoint.SOCKET_URL;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The mig33 MIDlet builds this tool knows, by MIDlet-Version: which class holds which endpoint literal.
 *
 * <p>A literal such as "25" can only be trusted to be a port in a class where its every use has been
 * read (with {@code javap -c}); that is why a build is patched only when it is listed here, and only
 * when its endpoint literals are exactly where the list says. How they were found is in the README
 * ("Patching a MIDlet").
 */
final class KnownMidlets {
    /** One build: the classes that hold endpoint literals, and which ones each holds. */
    record Build(String version, Map<String, Set<GatewayEndpoint>> classes) {}

    private static final Map<String, Build> BY_VERSION = new LinkedHashMap<>();

    static {
        // 3.x: one string per TCP address, plus host and port kept apart for the settings screen
        Set<GatewayEndpoint> tcp3 = EnumSet.of(HOST, PORT, FALLBACK_PORT, SOCKET_URL, FALLBACK_SOCKET_URL);
        Set<GatewayEndpoint> http3 = EnumSet.of(HOST, FALLBACK_PORT, HTTP_URL);
        add("3.00", "z.class", tcp3, "ab.class", http3);
        add("3.08", "com/projectgoth/Roshan/a.class", tcp3, "com/projectgoth/Roshan/b.class", http3);
        // 4.x: host and port apart in one connection class; from 4.20 a second class (the main screen)
        // also resets the HTTP address and uses "25" as a setting name
        Set<GatewayEndpoint> tcp4 = EnumSet.of(HOST, PORT, FALLBACK_PORT, HTTP_URL);
        Set<GatewayEndpoint> screen4 = EnumSet.of(FALLBACK_PORT, HTTP_URL);
        add("4.05", "com/projectgoth/Roshan/a.class", tcp4);
        add("4.20", "com/projectgoth/Roshan/e.class", tcp4, "com/projectgoth/Roshan/h.class", screen4);
        add("4.30", "am.class", tcp4, "ay.class", screen4);
        add("4.50", "as.class", tcp4, "bh.class", screen4);
        add("4.62", "bc.class", tcp4, "aj.class", screen4);
    }

    private KnownMidlets() {}

    @SuppressWarnings("unchecked")
    private static void add(String version, Object... classAndEndpoints) {
        Map<String, Set<GatewayEndpoint>> classes = new LinkedHashMap<>();
        for (int i = 0; i < classAndEndpoints.length; i += 2) {
            classes.put((String) classAndEndpoints[i], Set.copyOf((Set<GatewayEndpoint>) classAndEndpoints[i + 1]));
        }
        BY_VERSION.put(version, new Build(version, Collections.unmodifiableMap(classes)));
    }

    /** The build with this MIDlet-Version, or null. */
    static Build byVersion(String version) {
        return BY_VERSION.get(version);
    }

    static Set<String> versions() {
        return Collections.unmodifiableSet(BY_VERSION.keySet());
    }
}
