package dev.revenant.app.config;

import dev.revenant.core.net.Transport;

/**
 * How the server's event loops reach the network, for mig33, PangYa and HTTP alike.
 *
 * @param transport {@code auto}: Linux's epoll where Netty's native library loads (Linux on x86-64 or ARM64), Java's NIO
 *     elsewhere; {@code nio} or {@code epoll} to choose one
 */
public record NetConfig(String transport) {
    public NetConfig {
        transport = transport == null ? "" : transport.strip().toLowerCase(java.util.Locale.ROOT);
        if (!Transport.NAMES.contains(transport)) {
            throw new IllegalArgumentException("transport must be auto, nio or epoll, not " + transport);
        }
    }

    /** The transport this machine gets: {@code auto} resolved, epoll refused where it cannot load. */
    public Transport chosen() {
        try {
            return Transport.choose(transport);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("net." + e.getMessage(), e);
        }
    }
}
