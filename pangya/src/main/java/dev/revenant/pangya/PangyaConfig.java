package dev.revenant.pangya;

import dev.revenant.core.config.Defaults;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ProfileOverrides;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The PangYa LoginService's configuration (the {@code pangya:} block of the YAML file). Its defaults are
 * those of {@value #DEFAULTS_RESOURCE} in this module's jar, which {@link #defaults()} reads; the loader lays
 * the operator's values over them, so every option arrives with a value and none is filled in here.
 *
 * @param keys path to keys.bin (8192 bytes); blank means {@code <data dir>/pangya/keys.bin}, see {@link #withDataDir}
 * @param profile {@code th829} or {@code us852}
 * @param profileOverrides single values of the profile to change; null, or a null value: the profile's own
 * @param gameServers the 0x0002 list
 * @param messageServers the 0x0009 list
 * @param helloServerId the server id the hello carries (10101 in the captures)
 * @param passwordHashCost bcrypt cost for stored passwords
 * @param loginFailuresBeforeLockout failed logins (and reconnects) of one account, from one address, or of one
 *     account from one address, before further ones get the invalid-credentials answer for 30 s, doubling up to
 *     15 min; from an address the account logged in from before only the last count applies (negative: never)
 * @param packetsPerSecond packets one connection may send per second (twice that in a burst) before it is
 *     closed as a flood; a real login needs a handful (negative: no limit)
 * @param loginKeyLength characters of the login keys (0x0010, Reconnect) and game session keys (0x0003):
 *     random upper-case hex, {@value #MIN_KEY_LENGTH}..{@value #MAX_KEY_LENGTH} ({@value #MAX_KEY_LENGTH} is
 *     144 bits; shorter only for a client that cannot take it)
 * @param passwordHashThreads threads of the pool that checks passwords (bcrypt), apart from the workers that
 *     serve chat (1: one core at most goes to bcrypt, whatever the logins)
 * @param passwordHashQueue logins waiting for that pool beyond its threads; one more is answered like
 *     maintenance (the profile's {@code maintenanceCode}) and closed
 * @param loginRecords the most entries each login table in memory holds (failure counts; addresses accounts
 *     logged in from); when full the least used are forgotten first (at least 100)
 */
public record PangyaConfig(
        boolean enabled,
        String host,
        int port,
        String keys,
        String profile,
        ProfileOverrides profileOverrides,
        List<ServerListing> gameServers,
        List<ServerListing> messageServers,
        long loginKeyTtlSeconds,
        long sessionKeyTtlSeconds,
        int preLoginMaxFrame,
        long preLoginReadTimeoutSeconds,
        long idleTimeoutSeconds,
        boolean maintenance,
        long helloServerId,
        int passwordHashCost,
        int loginFailuresBeforeLockout,
        int packetsPerSecond,
        int loginKeyLength,
        int passwordHashThreads,
        int passwordHashQueue,
        int loginRecords) {

    /** The class-path resource with the {@code pangya:} section's defaults, which also list its options. */
    public static final String DEFAULTS_RESOURCE = "revenant-defaults/pangya.yml";

    /** The shortest key accepted: the 7 characters of the keys seen in the wild (28 bits, guessable). */
    public static final int MIN_KEY_LENGTH = 7;
    /**
     * The longest key known to work with real clients: a public LoginService hands clients 36-character
     * UUID strings as login and session keys; both travel as pstrings (spec §4, §5).
     */
    public static final int MAX_KEY_LENGTH = 36;

    // Every option arrives with a value (the defaults file's, or the operator's), so nothing is filled in
    // here. 0 and a blank once stood for "the default": they are refused rather than given another meaning
    // (0 packets per second would be no limit at all, 0 failures a lockout that never comes)
    public PangyaConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("pangya.host must not be empty");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("pangya.port must be 0..65535");
        }
        keys = keys == null ? "" : keys.trim();
        if (profile == null || profile.isBlank()) {
            throw new IllegalArgumentException("pangya.profile must name a profile (th829 or us852)");
        }
        profile = profile.trim();
        profileOverrides = profileOverrides == null ? ProfileOverrides.none() : profileOverrides;
        gameServers = gameServers == null ? List.of() : List.copyOf(gameServers);
        messageServers = messageServers == null ? List.of() : List.copyOf(messageServers);
        if (gameServers.size() > 255 || messageServers.size() > 255) {
            throw new IllegalArgumentException("pangya: at most 255 game and 255 message servers");
        }
        requirePositive("loginKeyTtlSeconds", loginKeyTtlSeconds);
        requirePositive("sessionKeyTtlSeconds", sessionKeyTtlSeconds);
        requirePositive("preLoginMaxFrame", preLoginMaxFrame);
        requirePositive("preLoginReadTimeoutSeconds", preLoginReadTimeoutSeconds);
        requirePositive("idleTimeoutSeconds", idleTimeoutSeconds);
        requirePositive("helloServerId", helloServerId);
        if (loginFailuresBeforeLockout == 0) {
            throw new IllegalArgumentException(
                    "pangya.loginFailuresBeforeLockout must be positive, or negative for never");
        }
        if (packetsPerSecond == 0) {
            throw new IllegalArgumentException("pangya.packetsPerSecond must be positive, or negative for no limit");
        }
        if (loginKeyLength < MIN_KEY_LENGTH || loginKeyLength > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("pangya.loginKeyLength must be " + MIN_KEY_LENGTH + ".." + MAX_KEY_LENGTH);
        }
        if (loginRecords < 100) {
            throw new IllegalArgumentException("pangya.loginRecords must be at least 100");
        }
        if (passwordHashThreads < 1 || passwordHashThreads > 64) {
            throw new IllegalArgumentException("pangya.passwordHashThreads must be 1..64");
        }
        if (passwordHashQueue < 1 || passwordHashQueue > 100_000) {
            throw new IllegalArgumentException("pangya.passwordHashQueue must be 1..100000");
        }
        if (passwordHashCost < 4 || passwordHashCost > 31) {
            throw new IllegalArgumentException("pangya.passwordHashCost must be 4..31");
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("pangya." + name + " must be positive, not " + value);
        }
    }

    /** The built-in defaults: the {@code pangya:} section of {@value #DEFAULTS_RESOURCE}, read once. */
    public static PangyaConfig defaults() {
        return Defaults.of(DEFAULTS_RESOURCE, "pangya", PangyaConfig.class);
    }

    /** The configured profile with its overrides applied; throws on an unknown name or a bad value. */
    public Profile resolvedProfile() {
        return Profile.named(profile).with(profileOverrides);
    }

    /** This configuration with a blank {@code keys} resolved to {@code <dataDir>/pangya/keys.bin}. */
    public PangyaConfig withDataDir(Path dataDir) {
        return keys.isBlank() ? withKeys(dataDir.resolve("pangya").resolve("keys.bin").toString()) : this;
    }

    /** This configuration with another key-tables path (the {@code --pangya-keys FILE} option). */
    public PangyaConfig withKeys(String path) {
        return new PangyaConfig(enabled, host, port, path, profile, profileOverrides, gameServers, messageServers,
                loginKeyTtlSeconds, sessionKeyTtlSeconds, preLoginMaxFrame, preLoginReadTimeoutSeconds, idleTimeoutSeconds,
                maintenance, helloServerId, passwordHashCost, loginFailuresBeforeLockout, packetsPerSecond, loginKeyLength,
                passwordHashThreads, passwordHashQueue, loginRecords);
    }

    /** This configuration listening elsewhere (tests: 127.0.0.1 port 0). */
    public PangyaConfig withListen(String host, int port) {
        return new PangyaConfig(enabled, host, port, keys, profile, profileOverrides, gameServers, messageServers,
                loginKeyTtlSeconds, sessionKeyTtlSeconds, preLoginMaxFrame, preLoginReadTimeoutSeconds, idleTimeoutSeconds,
                maintenance, helloServerId, passwordHashCost, loginFailuresBeforeLockout, packetsPerSecond, loginKeyLength,
                passwordHashThreads, passwordHashQueue, loginRecords);
    }

    public Duration loginKeyTtl() {
        return Duration.ofSeconds(loginKeyTtlSeconds);
    }

    public Duration sessionKeyTtl() {
        return Duration.ofSeconds(sessionKeyTtlSeconds);
    }
}
