package dev.revenant.app.midlet;

import java.util.regex.Pattern;

/**
 * Where a patched MIDlet connects: the gateway host and its two TCP ports, the HTTP fallback address,
 * and optionally a web address to put in place of {@code http://www.mig33.com/} in its web links.
 *
 * @param host a host name or IPv4 address, at most 253 characters
 * @param port the TCP port tried first (9119 in the originals)
 * @param fallbackPort the TCP port tried when the first fails (25 in the originals)
 * @param httpUrl the HTTP transport's address, ending in {@code /}; null for {@code http://HOST:8080/}
 * @param webUrl what replaces {@code http://www.mig33.com/} in help, terms, language-pack and other web
 *     links (and in MIDlet-Install-Notify), ending in {@code /}; null to leave those links as they are
 */
public record MidletPatchOptions(String host, int port, int fallbackPort, String httpUrl, String webUrl) {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern URL = Pattern.compile("http://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[\\x21-\\x7E]*)?");

    public MidletPatchOptions {
        host = validHost(host);
        validPort("--port", port);
        validPort("--fallback-port", fallbackPort);
        if (port == fallbackPort) {
            throw new MidletPatchException("--fallback-port must differ from --port (" + port
                    + "): the MIDlet alternates between them, and from 4.20 the fallback port's text also names a setting");
        }
        httpUrl = validUrl("--http-url", httpUrl == null ? "http://" + host + ":8080/" : httpUrl);
        webUrl = webUrl == null ? null : validUrl("--web-url", webUrl);
    }

    /** The defaults of the originals' ports, the HTTP transport on port 8080 of the same host, web links kept. */
    public static MidletPatchOptions forHost(String host) {
        return new MidletPatchOptions(host, 9119, 25, null, null);
    }

    private static String validHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new MidletPatchException("--host is empty");
        }
        if (host.length() > 253) {
            throw new MidletPatchException("--host is " + host.length() + " characters long; a host name has at most 253");
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new MidletPatchException("--host " + host + " is not a host name or IPv4 address: use letters,"
                        + " digits and '-' in dot-separated labels of 1 to 63 characters (no IPv6: the MIDlets'"
                        + " socket:// addresses have no brackets)");
            }
        }
        return host;
    }

    private static void validPort(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new MidletPatchException(option + " " + port + " is not a TCP port (1-65535)");
        }
    }

    private static String validUrl(String option, String url) {
        if (url.length() > 1000 || !URL.matcher(url).matches()) {
            throw new MidletPatchException(option + " " + url + " is not an http:// address (http://HOST[:PORT]/[PATH/],"
                    + " printable ASCII, at most 1000 characters; the MIDlets speak neither https nor IPv6)");
        }
        // the originals end in '/': the MIDlets append paths, and from 4.20 they remember the HTTP address as
        // the text between "http://" and that last character, then rebuild it as "http://" + text + "/"
        return url.endsWith("/") ? url : url + "/";
    }
}
