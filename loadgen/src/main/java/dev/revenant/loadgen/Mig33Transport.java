package dev.revenant.loadgen;

import dev.revenant.mig33.client.Mig33Client;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What carries the simulated phones' packets ({@code --transport}): the gateway's TCP port, mig33 over HTTP
 * with polling ({@code mig33.http.ports}), or a WebSocket on the HTTP listener ({@code /mig33/ws}, the
 * packets' JSON form). The same {@link Mig33Client} conversations run over each; only the connection differs.
 */
enum Mig33Transport {
    TCP, HTTP, WEBSOCKET;

    static Mig33Transport named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--transport is tcp, http or websocket, not " + name);
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a --target names for this transport. */
    String targetMeaning() {
        return switch (this) {
            case TCP -> "the gateway's TCP port (mig33.ports)";
            case HTTP -> "the mig33 over HTTP port (mig33.http.ports)";
            case WEBSOCKET -> "the HTTP listener (http.port), where /mig33/ws is";
        };
    }

    /**
     * A client connected to {@code server} (what {@link #targetMeaning} says) from {@code local}, on {@code loops};
     * over HTTP it polls every {@code poll} while it has nothing to send.
     */
    Mig33Client connect(InetSocketAddress server, InetSocketAddress local, EventLoopGroup loops, Duration poll) {
        return switch (this) {
            case TCP -> Mig33Client.connect(server, local, loops);
            case HTTP -> Mig33Client.connectHttp(server, local, loops, poll);
            case WEBSOCKET -> Mig33Client.connectWebSocket(
                    URI.create("ws://" + server.getHostString() + ":" + server.getPort() + "/mig33/ws"), Map.of(), local, loops);
        };
    }
}
