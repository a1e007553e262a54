package dev.revenant.mig33.web;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where phones reach this server's HTTP listener ({@code http.publicUrl}, or its own address), and the URLs
 * built on it that the gateway hands to the phones: pictures, the home pages (LOGIN_OK PageletUrl) and the
 * reputation badge (LOGIN_OK ReputationImagePath). The 4.x clients on TCP fetch the pages and the badge
 * through the gateway itself (OPEN_URL), so they work even where the listener is not reachable from the
 * phones; on mig33 over HTTP they fetch them from these URLs, which the listener serves likewise.
 */
public final class WebAddress {
    /** Under the base: the home pages the 4.x clients show on their first tab. */
    static final String PAGES_PATH = "/mig33/";
    /** Under the base: display pictures as the 4.x clients ask for them. */
    public static final String IMAGES_PATH = "/mig33/images/";
    /**
     * The badge of reputation level 1, the level every user has here, as the clients ask for it: relative to
     * the PageletUrl's host (4.30 and later prepend {@code http://host/} themselves). The original named it
     * {@code <level image>-12x12.png} for these clients.
     */
    static final String REQUESTS_PATH = "/mig33/requests";
    /** Under the base: a user's profile page, the username after it (GET_URL's USER_PROFILE, MY_PROFILE). */
    static final String PROFILE_PATH = "/mig33/profile/";
    static final String REPUTATION_IMAGE_PATH = "mig33/reputation/1-12x12.png";

    private volatile String base = "http://127.0.0.1:8080";

    /** Sets the base, e.g. {@code http://chat.example.org:8080} (a trailing slash is dropped). */
    public void set(String url) {
        String u = url.strip();
        base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** The base, without a trailing slash. */
    public String base() {
        return base;
    }

    /**
     * LOGIN_OK PageletUrl (26): 4.62 takes the host part up to the first {@code /} after it and crashes
     * without one, so it always has a path.
     */
    public String pageletUrl() {
        return base + PAGES_PATH;
    }

    /**
     * LOGIN_OK ImageServerURL (23): the 4.x clients put a display picture's name and its size after it
     * ({@code <url>0?w=20&h=20&a=1&c=1}) and ask for it with OPEN_URL. They file the answer under that
     * address only if it starts with {@code http}: with an empty ImageServerURL, 4.62 asked for a room's
     * avatars at every repaint (124 times in one scenario).
     */
    public String imageServerUrl() {
        return base + IMAGES_PATH;
    }

    /** The page of the contact requests waiting for a 4.10+ client's user (a NOTIFICATION's URL). */
    public String requestsPage() {
        return base + REQUESTS_PATH;
    }

    /** Whether an OPEN_URL asks for the requests page or follows one of its links (paths under it). */
    public boolean isRequestsPage(String url) {
        return url.equals(requestsPage()) || url.startsWith(requestsPage() + "/");
    }

    /** The profile page of {@code username} (GET_URL 910 hands it out). */
    public String profilePage(String username) {
        return base + PROFILE_PATH + URLEncoder.encode(username, StandardCharsets.UTF_8);
    }

    /** Under the base: a session's account page (its token after it), and its forms under that. */
    public static final String ACCOUNT_PATH = "/mig33/account/";

    /**
     * The account page of the session whose page token is {@code token}: GET_URL's MY_ACCOUNT hands it to
     * 3.x and 4.05, which fetch it over HTTP themselves, so the address itself names the session.
     */
    public String accountPage(String token) {
        return base + ACCOUNT_PATH + token;
    }

    /** Where 4.20 and 4.30's My Profile is, on the PageletUrl's host. */
    static final String MY_PROFILE_PATH = "/my/profile/";

    /** Whether a URL (as OPEN_URL names it) or a path (as the HTTP listener gets it) is a profile page. */
    public boolean isProfilePage(String urlOrPath) {
        return urlOrPath.startsWith(base + PROFILE_PATH) || urlOrPath.startsWith(PROFILE_PATH);
    }

    /**
     * Whose profile a page of the web site is, as the 4.x clients ask for one on the PageletUrl's host:
     * {@code /my/profile/?v=midlet} is the user's own (4.20 and 4.30's My Profile), so is
     * {@code /sites/index.php?c=profile&a=home&v=midlet} (4.50 and 4.62's), with {@code &username=NAME}
     * someone else's; empty for any other address (their profile's edit and search pages too, which this
     * server does not have).
     */
    public static Optional<String> siteProfileOf(String url, String own) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        if (path.endsWith(MY_PROFILE_PATH)) {
            return Optional.of(own);
        }
        if (!isSitePage(url, "profile", "home")) {
            return Optional.empty();
        }
        String name = queryOf(url).getOrDefault("username", "");
        return Optional.of(name.isBlank() ? own : name);
    }

    /**
     * Whether {@code url} names the web site's page {@code c}, {@code a} as the 4.50 and 4.62 clients write
     * it ({@code <host>/sites/index.php?c=C&a=A&v=midlet…}, a form's action with {@code &amp;} as written).
     */
    public static boolean isSitePage(String url, String c, String a) {
        String u = url.replace("&amp;", "&");
        int query = u.indexOf('?');
        if (query < 0 || !u.substring(0, query).endsWith("/sites/index.php")) {
            return false;
        }
        Map<String, String> params = queryOf(u);
        return c.equals(params.get("c")) && a.equals(params.get("a"));
    }

    /** The parameters of a URL's query (the first of a repeated name counts), each value decoded. */
    public static Map<String, String> queryOf(String url) {
        int query = url.indexOf('?');
        Map<String, String> params = new HashMap<>();
        if (query < 0) {
            return params;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.putIfAbsent(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : decodePart(pair.substring(eq + 1)));
        }
        return params;
    }

    /** One URL-escaped part of a path, decoded; a broken escape is "" (it names nobody). */
    public static String decodePart(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    /** LOGIN_OK ReputationImagePath (32), relative to the PageletUrl's host. */
    public String reputationImagePath() {
        return REPUTATION_IMAGE_PATH;
    }

    /** Whether an OPEN_URL asks for the reputation badge (whatever host the phone put in front of it). */
    public static boolean isReputationImage(String url) {
        return url.endsWith("/" + REPUTATION_IMAGE_PATH);
    }
}
