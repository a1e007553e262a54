package dev.revenant.pangya.login;

import dev.revenant.core.secret.Tokens;
import dev.revenant.core.session.SessionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Login keys (0x0010, for Reconnect and the game server) and game session keys (0x0003), kept in the
 * {@link SessionRegistry} with their expiry so that every node sees them. Each user has at most one live key
 * of each kind: issuing a new one retires the old.
 *
 * <p>Keys are upper-case hex like the ones seen in the wild ("504AC9D"), but {@link #DEFAULT_LENGTH} characters
 * long (144 bits from {@link java.security.SecureRandom}) instead of those 7 (28 bits, guessable): both kinds
 * travel as pstrings (spec §4, §5), the clients keep them as strings, and a public LoginService hands real
 * clients 36-character UUID strings as both keys. They expire and are bound to a user id; wrong Reconnect
 * keys count against the failure throttle like wrong passwords ({@link LoginConversation}).
 */
public final class IssuedKeys {
    static final String LOGIN = "pangya.login-key";
    static final String USER_LOGIN = "pangya.user-login-key";
    static final String SESSION = "pangya.session-key";
    static final String USER_SESSION = "pangya.user-session-key";
    /**
     * An account's session that has not ended properly, by user id: "login" while a login connection is past
     * the password (removed when it ends after the login completed), "game:SERVER" once a game server was
     * chosen (for the session key's life; for the login key's once the game server checked the key; removed
     * when the game server reports the session closed, or at a Reconnect). Its presence is what earns the
     * next login error 5100019 ("already logged in") and the client's Ghost.
     */
    static final String OPEN = "pangya.open-session";
    private static final String AT_LOGIN = "login";
    private static final String IN_GAME = "game:";

    /** Characters of a key unless configured otherwise: the longest known to work with real clients. */
    public static final int DEFAULT_LENGTH = 36;

    private final SessionRegistry registry;
    private final Duration loginTtl;
    private final Duration sessionTtl;
    private final Clock clock;
    private final int length;

    public IssuedKeys(SessionRegistry registry, Duration loginTtl, Duration sessionTtl, Clock clock) {
        this(registry, loginTtl, sessionTtl, clock, DEFAULT_LENGTH);
    }

    /** @param length characters per key (see {@code PangyaConfig.loginKeyLength}) */
    public IssuedKeys(SessionRegistry registry, Duration loginTtl, Duration sessionTtl, Clock clock, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("key length must be positive");
        }
        this.registry = registry;
        this.loginTtl = loginTtl;
        this.sessionTtl = sessionTtl;
        this.clock = clock;
        this.length = length;
    }

    private String fresh(String namespace) {
        while (true) {
            // each hex digit is 4 bits of SecureRandom output: the key has all of its 4 * length bits
            String key = Tokens.hex((length + 1) / 2).substring(0, length).toUpperCase(Locale.ROOT);
            if (registry.key(namespace, key).isEmpty()) {
                return key;
            }
        }
    }

    /** A new login key for the user; the previous one stops working. */
    public String issueLoginKey(long userId) {
        registry.key(USER_LOGIN, id(userId)).ifPresent(old -> registry.removeKey(LOGIN, old));
        String key = fresh(LOGIN);
        registry.putKey(LOGIN, key, id(userId), loginTtl);
        registry.putKey(USER_LOGIN, id(userId), key, loginTtl);
        return key;
    }

    /** Whether {@code key} is the live login key of this user. */
    public boolean loginKeyValid(String key, long userId) {
        return registry.key(LOGIN, key).filter(id(userId)::equals).isPresent();
    }

    /** Whether the user still has a live login key (a Reconnect would be taken). */
    public boolean hasLiveLoginKey(long userId) {
        return registry.key(USER_LOGIN, id(userId)).flatMap(k -> registry.key(LOGIN, k)).isPresent();
    }

    /**
     * Whether the user's last session did not end properly: its connection dropped mid-login, or it went on
     * to a game server that has not reported the session closed. A login then gets 5100019.
     */
    public boolean hasOpenSession(long userId) {
        return registry.key(OPEN, id(userId)).isPresent();
    }

    /** A login connection of the user is past the password (a login or a Reconnect): open until it ends properly. */
    public void opened(long userId) {
        registry.putKey(OPEN, id(userId), AT_LOGIN, loginTtl);
    }

    /**
     * The user's login connection ended after the login completed, with no game server chosen on it: the
     * player left from the server list, and nothing stays open. (A session a game server holds stays.)
     */
    public void endedProperly(long userId) {
        String id = id(userId);
        if (registry.key(OPEN, id).filter(AT_LOGIN::equals).isPresent()) {
            registry.removeKey(OPEN, id);
        }
    }

    /**
     * A game server reports that the player whose session {@code key} opened has left it: the session is
     * closed, and the player's next login needs no Ghost. False for a key that is unknown or expired.
     */
    public boolean gameSessionClosed(String key) {
        Optional<GameSession> session = checkSessionKey(key);
        session.ifPresent(s -> {
            String id = id(s.userId());
            registry.removeKey(SESSION, key);
            if (registry.key(USER_SESSION, id).filter(key::equals).isPresent()) {
                registry.removeKey(USER_SESSION, id);
            }
            if (registry.key(OPEN, id).filter(v -> v.startsWith(IN_GAME)).isPresent()) {
                registry.removeKey(OPEN, id);
            }
        });
        return session.isPresent();
    }

    /** A new game session key for the user and server; the previous one stops working. */
    public String issueSessionKey(Account account, long serverId) {
        String userId = id(account.id());
        registry.key(USER_SESSION, userId).ifPresent(old -> registry.removeKey(SESSION, old));
        String key = fresh(SESSION);
        Instant expires = clock.instant().plus(sessionTtl);
        // tab-separated: usernames and nicknames cannot hold a tab (NameRules)
        String value = String.join("\t", userId, Long.toString(serverId), Long.toString(expires.toEpochMilli()),
                account.username(), account.nickname() == null ? "" : account.nickname());
        registry.putKey(SESSION, key, value, sessionTtl);
        registry.putKey(USER_SESSION, userId, key, sessionTtl);
        // open while the player may be on their way to the game server; longer once it takes the key
        registry.putKey(OPEN, userId, IN_GAME + serverId, sessionTtl);
        return key;
    }

    /** The game session behind a key, while it is valid. */
    public Optional<GameSession> checkSessionKey(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        return registry.key(SESSION, key).map(v -> {
            String[] f = v.split("\t", -1);
            return new GameSession(Long.parseLong(f[0]), f[3], f[4], Long.parseLong(f[1]),
                    Instant.ofEpochMilli(Long.parseLong(f[2])));
        });
    }

    /**
     * A game server checks the key a player brought it (the key-check API): the player is on that game server
     * now, so the session stays open (up to the login key's lifetime) until the game server reports it closed.
     */
    public Optional<GameSession> takeSessionKey(String key) {
        Optional<GameSession> session = checkSessionKey(key);
        session.ifPresent(s -> registry.putKey(OPEN, id(s.userId()), IN_GAME + s.serverId(), loginTtl));
        return session;
    }

    /** Ends the user's old session: its login key and game session key stop working. */
    public void endSession(long userId) {
        String id = id(userId);
        registry.key(USER_LOGIN, id).ifPresent(k -> registry.removeKey(LOGIN, k));
        registry.removeKey(USER_LOGIN, id);
        registry.key(USER_SESSION, id).ifPresent(k -> registry.removeKey(SESSION, k));
        registry.removeKey(USER_SESSION, id);
        registry.removeKey(OPEN, id);
    }

    private static String id(long userId) {
        return Long.toString(userId);
    }
}
