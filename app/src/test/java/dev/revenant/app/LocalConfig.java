package dev.revenant.app;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.testing.TestStores;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A whole server's configuration for a test: loopback, ephemeral ports, its own data directory and store
 * (a fresh PostgreSQL schema under the services profile), PangYa off unless the flags turn it on.
 */
public final class LocalConfig {
    private LocalConfig() {}

    public static RevenantConfig of(Path dataDir, Map<String, String> more) {
        Map<String, String> flags = new HashMap<>();
        flags.put("dataDir", dataDir.toString());
        flags.put("mig33.host", "127.0.0.1");
        flags.put("mig33.ports", "0");
        flags.put("http.port", "0");
        flags.put("pangya.enabled", "false");
        String url = TestStores.fresh().url();
        if (!url.isEmpty()) {
            flags.put("database.url", url);
        }
        flags.putAll(more);
        return RevenantConfig.load(Optional.empty(), Map.of(), flags).value();
    }
}
