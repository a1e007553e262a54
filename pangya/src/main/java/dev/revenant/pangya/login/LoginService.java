package dev.revenant.pangya.login;

import dev.revenant.core.limits.LoginAttempts;
import dev.revenant.core.session.SessionRegistry;
import java.time.Duration;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The LoginService's rules shared by every connection: the profile, the account store, the keys, the server
 * lists. Each connection talks to it through its own {@link LoginConversation}.
 */
public final class LoginService {
    /** The service name under which logged-in connections are claimed in the {@link SessionRegistry}. */
    public static final String SERVICE = "pangya";
    /** A login locked out waits this long at first, doubled with each further failure up to {@link #MAX_LOCKOUT}. */
    public static final Duration LOCKOUT = Duration.ofSeconds(30);
    public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);

    final Profile profile;
    final Accounts accounts;
    final IssuedKeys keys;
    final SessionRegistry registry;
    /** The game-server list of the moment: the configured one, and on several nodes the game servers' heartbeats. */
    final java.util.function.Supplier<List<ServerEntry>> gameServers;
    final List<ServerEntry> messageServers;
    final BooleanSupplier maintenance;
    private final MeterRegistry meters;
    /**
     * Failed logins and reconnects per account, per address and per both, and the addresses accounts logged
     * in from: brute-force resistance that strangers cannot turn into a lockout of the owner. In this process's
     * memory, or on several nodes the community's.
     */
    final LoginAttempts failures;
    /**
     * Where passwords are checked (bcrypt: CPU for tens of milliseconds each): a small bounded pool of its
     * own, so that logins never hold the workers that serve chat. It rejects work when its queue is full.
     */
    final Executor hashing;

    /**
     * @param failures the failed-login counts (this process's, or the community's on several nodes), with a
     *     lockout of {@link #LOCKOUT} growing to {@link #MAX_LOCKOUT}
     * @param hashing the password-check pool; a rejection is answered like maintenance
     */
    public LoginService(Profile profile, Accounts accounts, IssuedKeys keys, SessionRegistry registry,
                        java.util.function.Supplier<List<ServerEntry>> gameServers, List<ServerEntry> messageServers,
                        BooleanSupplier maintenance,
                        MeterRegistry meters, LoginAttempts failures, Executor hashing) {
        this.hashing = hashing;
        this.failures = failures;
        this.profile = profile;
        this.accounts = accounts;
        this.keys = keys;
        this.registry = registry;
        this.gameServers = gameServers;
        this.messageServers = List.copyOf(messageServers);
        this.maintenance = maintenance;
        this.meters = meters;
    }

    /** A conversation for a new connection. */
    public LoginConversation open(Outbound out) {
        return new LoginConversation(this, out);
    }

    /** The game session behind a session key a client got from 0x0003, while it is valid. */
    public Optional<GameSession> checkSessionKey(String key) {
        return keys.checkSessionKey(key);
    }

    Optional<ServerEntry> gameServer(long id) {
        return gameServers.get().stream().filter(s -> s.id() == id).findFirst();
    }

    void count(String outcome) {
        meters.counter("revenant.pangya.logins", "outcome", outcome).increment();
    }

    public Profile profile() {
        return profile;
    }
}
