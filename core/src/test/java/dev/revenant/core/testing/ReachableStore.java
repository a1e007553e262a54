package dev.revenant.core.testing;

import dev.revenant.core.store.DatabaseConfig;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * A store reached over the network through an {@link OutageProxy}, so a test can take it away and bring
 * it back: an H2 database server on loopback by default, or the services profile's PostgreSQL.
 */
public final class ReachableStore implements AutoCloseable {
    private final DatabaseConfig config;
    private final OutageProxy proxy;
    private final Server h2;

    private ReachableStore(DatabaseConfig config, OutageProxy proxy, Server h2) {
        this.config = config;
        this.proxy = proxy;
        this.h2 = h2;
    }

    /** A fresh store of its own; {@code dir} holds the H2 server's files. */
    public static ReachableStore fresh(Path dir) {
        DatabaseConfig direct = TestStores.fresh();
        if (direct.url().startsWith("jdbc:postgresql://")) {
            URI uri = URI.create(direct.url().substring("jdbc:".length()));
            OutageProxy proxy = OutageProxy.to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
            String url = direct.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            return new ReachableStore(withUrl(direct, url), proxy, null);
        }
        try {
            Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
            OutageProxy proxy = OutageProxy.to("127.0.0.1", h2.getPort());
            String url = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/revenant";
            return new ReachableStore(new DatabaseConfig(url, "sa", "", 4, 1000), proxy, h2);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the H2 database server", e);
        }
    }

    private static DatabaseConfig withUrl(DatabaseConfig c, String url) {
        return new DatabaseConfig(url, c.user(), c.password(), c.poolSize(), 1000);
    }

    public DatabaseConfig config() {
        return config;
    }

    /** The store becomes unreachable. */
    public void cut() {
        proxy.cut();
    }

    /** The store is back. */
    public void restore() {
        proxy.restore();
    }

    @Override
    public void close() {
        proxy.close();
        if (h2 != null) {
            h2.stop();
        }
    }
}
