package dev.revenant.loadgen;

import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.pangya.login.Accounts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A whole Revenant (store, both protocols, HTTP) in this process, for the bench's in-process runs. The app
 * implements it: the server's wiring lives there, and the app depends on this module for {@code revenant
 * bench}, not the other way round. The bench decides how it is configured ({@link InProcessServer}'s settings:
 * loopback, free ports, the load-test limits) and puts its users in the store before it starts, because an
 * embedded store is open in one place at a time.
 */
public interface LocalRevenant extends AutoCloseable {
    /** Makes a configured, not yet started, server. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param settings configuration keys and values over the built-in defaults, as {@code revenant serve
         *                 --set} takes them; a key or value the server does not accept fails here
         */
        LocalRevenant configure(Map<String, String> settings);
    }

    /** The store it will open (the bench fills it before the start and measures it with plain JDBC). */
    DatabaseConfig database();

    Path dataDir();

    /** The contact group new mig33 users get, as the server's registration would give it. */
    String mig33DefaultGroup();

    /**
     * Starts every service.
     *
     * @param pangyaAccounts wraps the PangYa account store the logins ask (the bench's hashing-excluded view),
     *                       or returns it as it is
     */
    void start(UnaryOperator<Accounts> pangyaAccounts);

    /** The first mig33 listener's address; once started. */
    InetSocketAddress mig33();

    /** mig33 over HTTP's address, when {@code mig33.http.ports} names one; once started. */
    default Optional<InetSocketAddress> mig33Http() {
        return Optional.empty();
    }

    /** The HTTP listener's address (mig33 over WebSocket is at {@code /mig33/ws} on it); once started. */
    default InetSocketAddress http() {
        throw new UnsupportedOperationException("this server has no HTTP listener");
    }

    /** The PangYa LoginService's address, if it started. */
    Optional<InetSocketAddress> pangya();

    /** Stops what started; nothing to stop if it never started. */
    @Override
    void close();
}
