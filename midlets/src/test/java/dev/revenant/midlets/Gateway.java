package dev.revenant.midlets;

import dev.revenant.app.RevenantServer;
import dev.revenant.app.LocalConfig;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * A whole Revenant server for real phones: loopback, ephemeral ports, its own data directory (a fresh
 * PostgreSQL schema under the services profile), and the routes that take a MIDlet's compiled-in
 * {@code gateway.mig33.com} to it.
 */
final class Gateway implements AutoCloseable {
    final RevenantServer server;
    final WireTap tap;

    Gateway(Path dataDir, Map<String, String> more) {
        server = new RevenantServer(LocalConfig.of(dataDir, more));
        server.start();
        try {
            tap = new WireTap(mig33(), server.mig33HttpAddresses().stream().findFirst().orElse(null));
        } catch (java.io.IOException e) {
            server.close();
            throw new java.io.UncheckedIOException(e);
        }
    }

    InetSocketAddress mig33() {
        return server.mig33Addresses().get(0);
    }

    /** Set by {@link #overHttpOnly}: the phones' network lets only HTTP through. */
    private volatile boolean httpOnly;

    /**
     * Makes the phones' network one that blocks the TCP ports (9119 and 25 refused, as many operators did)
     * and leads {@code http://gateway.mig33.com/} to mig33 over HTTP, through the tap; the server must have
     * been started with {@code mig33.http.ports}.
     */
    Gateway overHttpOnly() {
        httpOnly = true;
        return this;
    }

    /** The phone network's name server: every endpoint compiled into the MIDlets leads here. */
    Map<String, String> routes() {
        if (httpOnly) {
            return Map.of("gateway.mig33.com:80", "127.0.0.1:" + tap.httpPort());
        }
        String http = "127.0.0.1:" + server.httpPort();
        // www.mig33.com too, as a name server pointing it at the server would: 4.30-4.62 check a new
        // username on the web site (registration_api)
        return Map.of("gateway.mig33.com:9119", tap.address(), "gateway.mig33.com:25", "127.0.0.1:" + tap.fallbackPort(),
                "gateway.mig33.com:80", http, "www.mig33.com:80", http);
    }

    void register(String user, String password) {
        try (Mig33Client c = Mig33Client.connect(mig33())) {
            c.register(user, password, "60123456789");
        }
    }

    Mig33Client login(String user, String password) {
        Mig33Client c = Mig33Client.connect(mig33());
        c.login(user, password);
        return c;
    }

    /** alice and bob registered, each in the other's contact list. */
    void befriendAliceAndBob() {
        register("alice", RealClientTest.PASSWORD);
        register("bob", RealClientTest.PASSWORD);
        try (Mig33Client alice = login("alice", RealClientTest.PASSWORD);
                Mig33Client bob = login("bob", RealClientTest.PASSWORD)) {
            alice.call(alice.request(PacketType.ADD_CONTACT).string(12, "bob").build());
            bob.call(bob.request(PacketType.ACCEPT_CONTACT_REQUEST).string(1, "alice").bool(2, true).build());
        }
    }

    @Override
    public void close() {
        try {
            tap.close();
        } catch (java.io.IOException ignored) {
            // the relay's sockets close with the server anyway
        }
        server.close();
    }
}
