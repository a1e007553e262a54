package dev.revenant.app.midlet;

/**
 * The forms in which the mig33 MIDlets carry the gateway's address as string literals, each with the
 * original text and what it becomes for a given set of options.
 */
enum GatewayEndpoint {
    /** The host alone, which the MIDlet joins to a port itself (and shows in its connection errors). */
    HOST("gateway.mig33.com"),
    /** The TCP port, a string because the MIDlets keep it as text. */
    PORT("9119"),
    /**
     * The port tried when {@link #PORT} fails. From 4.20 on the same literal "25" is also the name of the
     * setting that holds a gateway host the client prefers to the compiled-in one, so changing this port
     * renames that setting, consistently, in every class that uses it.
     */
    FALLBACK_PORT("25"),
    /** 3.00 and 3.08: the whole TCP address as one string. */
    SOCKET_URL("socket://gateway.mig33.com:9119"),
    /** 3.00 and 3.08: the whole fallback TCP address as one string. */
    FALLBACK_SOCKET_URL("socket://gateway.mig33.com:25"),
    /** The HTTP transport used when neither TCP port answers. */
    HTTP_URL("http://gateway.mig33.com/");

    /** The host every original MIDlet was built for. */
    static final String ORIGINAL_HOST = "gateway.mig33.com";

    private final String original;

    GatewayEndpoint(String original) {
        this.original = original;
    }

    String original() {
        return original;
    }

    String replacement(MidletPatchOptions o) {
        return switch (this) {
            case HOST -> o.host();
            case PORT -> Integer.toString(o.port());
            case FALLBACK_PORT -> Integer.toString(o.fallbackPort());
            case SOCKET_URL -> "socket://" + o.host() + ":" + o.port();
            case FALLBACK_SOCKET_URL -> "socket://" + o.host() + ":" + o.fallbackPort();
            case HTTP_URL -> o.httpUrl();
        };
    }

    /** True for the forms that name the host (the port literals are only recognisable by where they are). */
    boolean namesHost() {
        return original.contains(ORIGINAL_HOST);
    }
}
