package dev.revenant.app.config;

import dev.revenant.core.config.DataSize;
import dev.revenant.core.config.Defaults;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP listener (health, metrics, admin API, pictures). It runs on the server's own event loops, and
 * its connections count against the same connection limits as the mig33 and PangYa ones.
 *
 * @param host address to listen on; 127.0.0.1 keeps the admin API off the network unless asked
 * @param port TCP port; 0 picks a free one (tests, side-by-side instances)
 * @param adminTokenFile file holding the admin bearer token; empty means {@code admin.token} in the data directory
 * @param publicUrl where phones reach this listener, for the URLs of pictures (e.g.
 *     {@code http://chat.example.org:8080}); empty means {@code http://<host>:<port>}
 * @param headerTimeout a request's head (request line and headers) must arrive whole within this long of
 *     its first byte, and a new connection's first request within this long of connecting
 * @param bodyTimeout a request's body must arrive whole within this long of its head; a response that
 *     makes no progress towards the client for this long is cut
 * @param idleTimeout a kept-alive connection with no request under way is closed after this long
 * @param maxRequestsPerConnection the answer to this many-th request on one connection closes it
 * @param maxHeaderBytes the request line, and the headers together, may each be this long
 * @param maxBodyBytes the largest request body; a larger one is answered 413 before it is read whole
 */
public record HttpConfig(String host, int port, String adminTokenFile, String publicUrl, Duration headerTimeout,
        Duration bodyTimeout, Duration idleTimeout, int maxRequestsPerConnection, DataSize maxHeaderBytes,
        DataSize maxBodyBytes) {
    public HttpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535 (or 0 for any free port), not " + port);
        }
        adminTokenFile = adminTokenFile == null ? "" : adminTokenFile;
        publicUrl = publicUrl == null ? "" : publicUrl.strip();
        if (!publicUrl.isEmpty() && !publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new IllegalArgumentException("publicUrl must start with http:// or https://, not " + publicUrl);
        }
        requirePositive("headerTimeout", headerTimeout);
        requirePositive("bodyTimeout", bodyTimeout);
        requirePositive("idleTimeout", idleTimeout);
        if (maxRequestsPerConnection < 1) {
            throw new IllegalArgumentException("maxRequestsPerConnection must be at least 1, not " + maxRequestsPerConnection);
        }
        // a head must hold at least a request line and a Host header; past 1 MiB it is an attack, not a request
        if (maxHeaderBytes == null || maxHeaderBytes.bytes() < 1024 || maxHeaderBytes.bytes() > 1024 * 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be 1KiB..1MiB, not " + maxHeaderBytes);
        }
        // bodies are held whole in memory: admin documents, not uploads
        if (maxBodyBytes == null || maxBodyBytes.bytes() < 1 || maxBodyBytes.bytes() > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be 1..64MiB, not " + maxBodyBytes);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }

    /**
     * The built-in defaults (the {@code http:} section of {@code revenant-defaults/app.yml}) on
     * {@code host:port}: tests and side-by-side listeners choose where to listen, and nothing else.
     */
    public static HttpConfig defaults(String host, int port) {
        HttpConfig d = Defaults.of(RevenantConfig.DEFAULTS_RESOURCE, "http", HttpConfig.class);
        return new HttpConfig(host, port, d.adminTokenFile, d.publicUrl, d.headerTimeout, d.bodyTimeout, d.idleTimeout,
                d.maxRequestsPerConnection, d.maxHeaderBytes, d.maxBodyBytes);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few options of an existing configuration (tests, the load generator). */
    public static final class Builder {
        private final String host;
        private final int port;
        private final String adminTokenFile;
        private final String publicUrl;
        private Duration headerTimeout;
        private Duration bodyTimeout;
        private Duration idleTimeout;
        private int maxRequestsPerConnection;
        private DataSize maxHeaderBytes;
        private DataSize maxBodyBytes;

        private Builder(HttpConfig c) {
            host = c.host;
            port = c.port;
            adminTokenFile = c.adminTokenFile;
            publicUrl = c.publicUrl;
            headerTimeout = c.headerTimeout;
            bodyTimeout = c.bodyTimeout;
            idleTimeout = c.idleTimeout;
            maxRequestsPerConnection = c.maxRequestsPerConnection;
            maxHeaderBytes = c.maxHeaderBytes;
            maxBodyBytes = c.maxBodyBytes;
        }

        public Builder timeouts(Duration header, Duration body, Duration idle) {
            headerTimeout = header;
            bodyTimeout = body;
            idleTimeout = idle;
            return this;
        }

        public Builder maxRequestsPerConnection(int n) {
            maxRequestsPerConnection = n;
            return this;
        }

        public Builder maxHeaderBytes(DataSize size) {
            maxHeaderBytes = size;
            return this;
        }

        public Builder maxBodyBytes(DataSize size) {
            maxBodyBytes = size;
            return this;
        }

        public HttpConfig build() {
            return new HttpConfig(host, port, adminTokenFile, publicUrl, headerTimeout, bodyTimeout, idleTimeout,
                    maxRequestsPerConnection, maxHeaderBytes, maxBodyBytes);
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
