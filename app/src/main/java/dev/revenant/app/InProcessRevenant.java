package dev.revenant.app;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.loadgen.LocalRevenant;
import dev.revenant.pangya.login.Accounts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The whole server as {@code revenant bench} starts it in its own process: the load generator chooses the
 * settings (loopback, free ports, its load-test limits) and fills the store; this only turns the settings into
 * the configuration and runs {@link RevenantServer} on it.
 */
final class InProcessRevenant implements LocalRevenant {
    private final RevenantConfig config;
    /** Null until started. */
    private RevenantServer server;

    InProcessRevenant(Map<String, String> settings) {
        this.config = RevenantConfig.load(Optional.empty(), Map.of(), settings).value();
    }

    @Override
    public DatabaseConfig database() {
        return config.database();
    }

    @Override
    public Path dataDir() {
        return config.dataDir();
    }

    @Override
    public String mig33DefaultGroup() {
        return config.mig33().defaultGroupName();
    }

    @Override
    public void start(UnaryOperator<Accounts> pangyaAccounts) {
        server = new RevenantServer(config).pangyaAccountsView(pangyaAccounts);
        server.start();
    }

    @Override
    public InetSocketAddress mig33() {
        return server.mig33Addresses().get(0);
    }

    @Override
    public Optional<InetSocketAddress> mig33Http() {
        return server.mig33HttpAddresses().stream().findFirst();
    }

    @Override
    public InetSocketAddress http() {
        return new InetSocketAddress("127.0.0.1", server.httpPort());
    }

    @Override
    public Optional<InetSocketAddress> pangya() {
        return server.pangyaAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
