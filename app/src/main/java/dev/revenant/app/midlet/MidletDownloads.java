package dev.revenant.app.midlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import dev.revenant.app.http.RouteHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIDlets over the air ({@code GET /get/...}): the original MIDlets in the operator's clients directory,
 * listed on a small page for a phone's browser and served as a JAD and JAR patched for this server by
 * {@link MidletPatcher}. A JAD is found at the top of the directory or one folder down; nothing else is
 * ever read. The JAD says where its JAR is served ({@code /get/NAME.jar} beside {@code /get/NAME.jad}) and
 * how long the patched JAR is.
 */
public final class MidletDownloads implements RouteHandler {
    public static final String PATH = "/get/";
    static final String JAD_TYPE = "text/vnd.sun.j2me.app-descriptor";
    static final String JAR_TYPE = "application/java-archive";
    /** The page lists at most this many MIDlets (a phone's browser shows a short page; a directory can be big). */
    static final int MAX_LISTED = 50;
    /** A name in a URL: one folder at most, plain names, no dot files. */
    private static final Pattern NAME = Pattern.compile("(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\.(jad|jar)");
    private static final long MAX_JAD = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(MidletDownloads.class);

    private final Path dir;
    private final String publicBase;
    /** Where the copies connect; null when they cannot be made, and then {@code problem} says why. */
    private volatile MidletPatchOptions options;
    private volatile String problem;
    private final dev.revenant.core.limits.LogThrottle refusals =
            new dev.revenant.core.limits.LogThrottle(java.time.Duration.ofMinutes(1), System::nanoTime);
    /** Patched copies by the originals' SHA-256 and the addresses patched in; a few MIDlets of ~300 KB each. */
    private final Cache<String, MidletPatcher.Copy> copies = Caffeine.newBuilder().maximumSize(32).build();

    /**
     * @param dir the clients directory
     * @param publicBase where phones reach the HTTP listener ({@code http://host:port}), the base of the JAR
     *     URLs and the copies' HTTP address; its host is the gateway host they dial
     * @param ports the gateway's ports: the copies dial the first, then the second (25 when there is none)
     */
    public MidletDownloads(Path dir, String publicBase, List<Integer> ports) {
        this.dir = dir.toAbsolutePath().normalize();
        this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
        dial(ports);
    }

    /** Why no copy can be made (see {@link #dial}), or null. */
    public String problem() {
        return problem;
    }

    /**
     * Makes the copies dial these ports from now on (where phones reach the gateway through a relay or a
     * port mapping: the real-client harness's wire tap); says why when no copy can be made.
     *
     * @return null, or why no copy can be made (the MIDlets' own limits: http:// only, a host name)
     */
    public String dial(List<Integer> ports) {
        String host;
        try {
            host = new java.net.URI(publicBase).getHost();
        } catch (java.net.URISyntaxException e) {
            host = null; // http.host "::" and no publicUrl
        }
        int port = ports.get(0);
        int fallback = ports.size() > 1 ? ports.get(1) : port == 25 ? 9119 : 25;
        MidletPatchOptions made = null;
        String why = null;
        if (host == null || host.equals("0.0.0.0") || host.startsWith("[") || host.contains(":")) {
            why = "this server does not know the address phones reach it at (" + publicBase + "): set"
                    + " http.publicUrl, e.g. http://chat.example.org:8080";
        } else {
            try {
                // www.mig33.com's links too: 4.30-4.62 check a new username there (registration_api), and
                // the help, terms and page links are better served by this server than by a dead site
                made = new MidletPatchOptions(host, port, fallback, publicBase + "/", publicBase + "/");
            } catch (MidletPatchException e) {
                why = "http.publicUrl " + publicBase + " does not suit the MIDlets: " + e.getMessage();
            }
        }
        problem = why;
        options = made;
        return why;
    }

    @Override
    public Response handle(Request request) {
        String rest = request.rest();
        if (rest.isEmpty()) {
            return page();
        }
        if (!NAME.matcher(rest).matches() || rest.contains("..")) {
            return refusal(404, "no such MIDlet: " + PATH + rest + " (the list is at " + PATH + ")");
        }
        MidletPatchOptions options = this.options;
        if (options == null) {
            return refusal(503, "MIDlets cannot be served: " + problem);
        }
        String base = rest.substring(0, rest.length() - ".jad".length());
        MidletPatcher.Copy copy;
        try {
            Path jad = inside(base + ".jad");
            if (jad == null) {
                return refusal(404, "no such MIDlet: " + PATH + rest + " (the list is at " + PATH + ")");
            }
            if (Files.size(jad) > MAX_JAD) {
                throw new MidletPatchException(base + ".jad is " + Files.size(jad) + " bytes: too large for a JAD");
            }
            Jad parsed = Jad.parse(Files.readAllBytes(jad));
            if (parsed.value("MIDlet-Jar-URL") == null || parsed.value("MIDlet-Jar-URL").isEmpty()) {
                throw new MidletPatchException(base + ".jad has no MIDlet-Jar-URL: it must name its JAR, beside it");
            }
            Path jar = MidletPatcher.jarBesideJad(jad, parsed);
            if (inside(dir.relativize(jar.toAbsolutePath().normalize()).toString()) == null) {
                return refusal(404, "no such MIDlet: " + PATH + rest + " (its JAR is not in the clients directory)");
            }
            MidletPatcher.Originals originals = MidletPatcher.Originals.read(jad, jar);
            String jarUrl = publicBase + PATH + base + ".jar";
            copy = copies.get(key(originals, options, jarUrl), k -> MidletPatcher.copy(originals, options, jarUrl));
        } catch (MidletPatchException e) {
            String why = e.getMessage().replace(dir + "/", "").replace(dir.toString(), "");
            long held = refusals.admit();
            if (held >= 0) {
                // the operator's file, asked for by anyone: a line a minute at most
                log.warn("event=midlet_not_served midlet={} reason=\"{}\" more_refused={}", base, why, held);
            }
            return refusal(422, base + ".jad cannot be served: " + why);
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone meanwhile, or not readable by the server: the operator's to fix, the phone's to hear plainly
            log.warn("event=midlet_not_read midlet={} reason=\"{}\"", base, e.getMessage());
            return refusal(404, "no such MIDlet: " + PATH + rest + " (it cannot be read)");
        }
        return rest.endsWith(".jad")
                ? new Response(200, JAD_TYPE, Map.of("Cache-Control", "no-cache"), copy.jad())
                : new Response(200, JAR_TYPE, Map.of("Cache-Control", "no-cache"), copy.jar());
    }

    /** The file {@code name} in the directory, a regular file that is no link out of it; null otherwise. */
    private Path inside(String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !file.toRealPath().startsWith(dir.toRealPath())) {
            return null;
        }
        return file;
    }

    private static String key(MidletPatcher.Originals originals, MidletPatchOptions options, String jarUrl) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(originals.jad());
            sha.update(originals.jar());
            return HexFormat.of().formatHex(sha.digest()) + " " + options + " " + jarUrl;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small page any phone's browser shows: XHTML Mobile Profile, no script, no style sheet. */
    private Response page() {
        List<String> names = listed();
        StringBuilder html = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE html PUBLIC \"-//WAPFORUM//DTD XHTML Mobile 1.0//EN\"")
                .append(" \"http://www.wapforum.org/DTD/xhtml-mobile10.dtd\">\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>mig33</title></head><body>\n")
                .append("<h1>mig33</h1>\n");
        if (names.isEmpty()) {
            html.append("<p>No MIDlets here yet.</p>\n");
        } else {
            html.append("<p>Choose one to install it on your phone:</p>\n<ul>\n");
            for (String name : names.subList(0, Math.min(MAX_LISTED, names.size()))) {
                html.append("<li><a href=\"").append(PATH).append(escape(name)).append("\">")
                        .append(escape(label(name))).append("</a></li>\n");
            }
            html.append("</ul>\n");
            if (names.size() > MAX_LISTED) {
                html.append("<p>").append(names.size() - MAX_LISTED).append(" more not listed.</p>\n");
            }
        }
        html.append("</body></html>\n");
        return new Response(200, "text/html; charset=utf-8", Map.of("Cache-Control", "no-cache"),
                html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The JADs a URL can name, sorted: at the top and one folder down. */
    private List<String> listed() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.map(f -> dir.relativize(f).toString())
                    .filter(name -> name.endsWith(".jad") && NAME.matcher(name).matches())
                    .forEach(names::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            // a folder the server may not read: the page lists what it found
            log.warn("event=midlets_not_all_listed dir={} reason=\"{}\"", dir, e.getMessage());
        }
        names.sort(null);
        names.removeIf(name -> {
            try {
                return inside(name) == null;
            } catch (IOException e) {
                return true;
            }
        });
        return names;
    }

    /** "mig33 4.6.2 (4.62/mig33v46.jad)": the JAD's name and version, and its file. */
    private String label(String name) {
        try {
            Path file = dir.resolve(name);
            if (Files.size(file) <= MAX_JAD) {
                Jad jad = Jad.parse(Files.readAllBytes(file));
                if (jad.value("MIDlet-Name") != null) {
                    return jad.value("MIDlet-Name") + " " + (jad.value("MIDlet-Version") == null ? ""
                            : jad.value("MIDlet-Version") + " ") + "(" + name + ")";
                }
            }
        } catch (IOException e) {
            // listed by its file name
        }
        return name;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Plain text: a phone's browser shows it as it is. */
    private static Response refusal(int status, String text) {
        return Response.text(status, Response.TEXT, text + "\n");
    }
}
