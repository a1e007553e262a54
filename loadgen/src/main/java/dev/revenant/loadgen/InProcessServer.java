package dev.revenant.loadgen;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A whole Revenant (store, both protocols, HTTP; the app's, through {@link LocalRevenant}) in this process on
 * embedded defaults, loopback and free ports, with the abuse limits opened for a load test: every connection
 * of the bench comes from a handful of 127.0.0.x addresses, and each simulated user sends faster than a phone
 * may. The bench says so in its output ({@link #LIMITS_NOTE}).
 */
final class InProcessServer implements AutoCloseable {
    static final String LIMITS_NOTE = "load-test limits on the in-process server: limits.perAddress=0, "
            + "limits.newPerAddressPerSecond=0, limits.total=0, mig33.requestsPerSecond=0, mig33.messagesPerMinute=0, "
            + "mig33.loginFailuresBeforeLockout=0, pangya.loginFailuresBeforeLockout=-1 (0 = no limit), pangya.passwordHashQueue=100000 (logins wait for the "
            + "password-check pool instead of being refused), pangya.passwordHashThreads=" + cores() + " (one password check per core, "
            + "as the hashing limit assumes); users are "
            + "created in the store, not through rate-limited registration";

    private final LocalRevenant server;

    private InProcessServer(LocalRevenant server) {
        this.server = server;
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The configuration: defaults, then the flags that make it a local load-test server, then {@code more}
     * (the bench's own choices: the PangYa profile, the store's URL).
     */
    static LocalRevenant configure(LocalRevenant.Factory servers, Path dataDir, Path pangyaKeys, Map<String, String> more) {
        Map<String, String> flags = new HashMap<>();
        flags.put("dataDir", dataDir.toString());
        flags.put("mig33.host", "127.0.0.1");
        flags.put("mig33.ports", "0");
        flags.put("http.port", "0");
        flags.put("pangya.host", "127.0.0.1");
        flags.put("pangya.port", "0");
        flags.put("pangya.enabled", Boolean.toString(pangyaKeys != null));
        if (pangyaKeys != null) {
            flags.put("pangya.keys", pangyaKeys.toString());
        }
        flags.put("limits.perAddress", "0");
        flags.put("limits.newPerAddressPerSecond", "0");
        flags.put("limits.total", "0");
        flags.put("mig33.requestsPerSecond", "0");
        flags.put("mig33.messagesPerMinute", "0");
        flags.put("mig33.loginFailuresBeforeLockout", "0");
        flags.put("pangya.loginFailuresBeforeLockout", "-1");
        flags.put("pangya.passwordHashQueue", "100000");
        flags.put("pangya.passwordHashThreads", Integer.toString(cores()));
        flags.putAll(more);
        return servers.configure(flags);
    }

    /**
     * Creates the users in the store first (the embedded store is one process's), then starts the server.
     *
     * @param preVerified PangYa logins skip bcrypt after an account's first (the hashing-excluded run)
     */
    static InProcessServer start(LocalRevenant server, int mig33Users, int contacts, int roomSize, int pangyaAccounts,
                                 boolean preVerified) {
        try (Database db = Database.open(server.database(), server.dataDir())) {
            SecretBox secrets = SecretBox.open(server.dataDir().resolve("secret.key"));
            if (mig33Users > 0) {
                BenchUsers.mig33(db, secrets, server.mig33DefaultGroup(), mig33Users, contacts);
                BenchUsers.rooms(db, mig33Users, roomSize);
            }
            if (pangyaAccounts > 0) {
                BenchUsers.pangya(db, pangyaAccounts);
            }
        }
        server.start(preVerified ? PreVerifiedAccounts::new : UnaryOperator.identity());
        return new InProcessServer(server);
    }

    /** The running server (its store's URL, for the bench's plain-JDBC baseline). */
    LocalRevenant server() {
        return server;
    }

    InetSocketAddress mig33() {
        return server.mig33();
    }

    InetSocketAddress pangya() {
        return server.pangya().orElseThrow(() -> new IllegalStateException(
                "the PangYa LoginService did not start (are the key tables at --pangya-keys?)"));
    }

    @Override
    public void close() {
        server.close();
    }
}
