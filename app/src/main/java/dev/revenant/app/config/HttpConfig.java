package dev.revenant.app.config;

import java.nio.file.Path;

/**
 * The HTTP listener (health, metrics, admin API).
 *
 * @param host address to listen on; 127.0.0.1 keeps the admin API off the network unless asked
 * @param port TCP port; 0 picks a free one (tests, side-by-side instances)
 * @param adminTokenFile file holding the admin bearer token; empty means {@code admin.token} in the data directory
 * @param threads request threads; the listener serves operators and scrapers, not players
 * @param publicUrl where phones reach this listener, for the URLs of pictures (e.g.
 *     {@code http://chat.example.org:8080}); empty means {@code http://<host>:<port>}
 */
public record HttpConfig(String host, int port, String adminTokenFile, int threads, String publicUrl) {
    public HttpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535 (or 0 for any free port), not " + port);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64, not " + threads);
        }
        adminTokenFile = adminTokenFile == null ? "" : adminTokenFile;
        // pictures
        publicUrl = publicUrl == null ? "" : publicUrl.strip();
        if (!publicUrl.isEmpty() && !publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new IllegalArgumentException("publicUrl must start with http:// or https://, not " + publicUrl);
        }
    }

    /** The base of public URLs (pictures): {@code publicUrl}, or this listener's own address and {@code port}. */
    public String publicBase(int boundPort) {
        return publicUrl.isEmpty() ? "http://" + host + ":" + boundPort : publicUrl;
    }

    /** Where the admin token lives for a server whose data directory is {@code dataDir}. */
    public Path adminTokenPath(Path dataDir) {
        return adminTokenFile.isBlank() ? dataDir.resolve("admin.token") : Path.of(adminTokenFile);
    }
}
