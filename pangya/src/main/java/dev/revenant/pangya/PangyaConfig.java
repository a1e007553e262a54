package dev.revenant.pangya;

import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ProfileOverrides;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The PangYa LoginService's configuration (the {@code pangya:} block of the YAML file). Every absent or
 * zero value takes its default, so an empty block is a working configuration once the key tables exist.
 *
 * @param enabled absent means true
 * @param keys path to keys.bin (8192 bytes); blank means {@code <data dir>/pangya/keys.bin}, see {@link #withDataDir}
 * @param profile {@code th829} (default) or {@code us852}
 * @param profileOverrides single values of the profile to change
 * @param gameServers the 0x0002 list; absent means one server "Revenant" at 127.0.0.1:20201, id 20201
 * @param messageServers the 0x0009 list; absent means none
 * @param helloServerId the server id the hello carries (10101 in the captures)
 * @param passwordHashCost bcrypt cost for stored passwords (default 10)
 * @param loginFailuresBeforeLockout failed logins (and reconnects) of one account, from one address, or of one
 *     account from one address, before further ones get the invalid-credentials answer for 30 s, doubling up to
 *     15 min; from an address the account logged in from before only the last count applies (0: default 5;
 *     negative: never)
 * @param packetsPerSecond packets one connection may send per second (twice that in a burst) before it is
 *     closed as a flood; a real login needs a handful (0: default 10; negative: no limit)
 * @param loginKeyLength characters of the login keys (0x0010, Reconnect) and game session keys (0x0003):
 *     random upper-case hex, {@value #MIN_KEY_LENGTH}..{@value #MAX_KEY_LENGTH} (0: default
 *     {@value #MAX_KEY_LENGTH}, 144 bits; shorter only for a client that cannot take the default)
 * @param passwordHashThreads threads of the pool that checks passwords (bcrypt), apart from the workers that
 *     serve chat (0: default 1: one core at most goes to bcrypt, whatever the logins)
 * @param passwordHashQueue logins waiting for that pool beyond its threads; one more is answered like
 *     maintenance (the profile's {@code maintenanceCode}) and closed (0: default 32)
 * @param loginRecords the most entries each login table in memory holds (failure counts; addresses accounts
 *     logged in from); when full the least used are forgotten first (0: default 100000; at least 100)
 */
public record PangyaConfig(
        Boolean enabled,
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

    public static final int DEFAULT_PORT = 10103;
    /** The shortest key accepted: the 7 characters of the keys seen in the wild (28 bits, guessable). */
    public static final int MIN_KEY_LENGTH = 7;
    /**
     * The longest key known to work with real clients: a public LoginService hands clients 36-character
     * UUID strings as login and session keys; both travel as pstrings (spec §4, §5).
     */
    public static final int MAX_KEY_LENGTH = 36;

    public PangyaConfig {
        enabled = enabled == null || enabled;
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("pangya.port must be 0..65535");
        }
        keys = keys == null ? "" : keys.trim();
        profile = profile == null || profile.isBlank() ? "th829" : profile.trim();
        profileOverrides = profileOverrides == null ? ProfileOverrides.none() : profileOverrides;
        gameServers = gameServers == null ? List.of(ServerListing.of("Revenant", 20201, "127.0.0.1", 20201)) : List.copyOf(gameServers);
        messageServers = messageServers == null ? List.of() : List.copyOf(messageServers);
        if (gameServers.size() > 255 || messageServers.size() > 255) {
            throw new IllegalArgumentException("pangya: at most 255 game and 255 message servers");
        }
        loginKeyTtlSeconds = loginKeyTtlSeconds > 0 ? loginKeyTtlSeconds : 6 * 3600;
        sessionKeyTtlSeconds = sessionKeyTtlSeconds > 0 ? sessionKeyTtlSeconds : 300;
        preLoginMaxFrame = preLoginMaxFrame > 0 ? preLoginMaxFrame : 250;
        preLoginReadTimeoutSeconds = preLoginReadTimeoutSeconds > 0 ? preLoginReadTimeoutSeconds : 10;
        idleTimeoutSeconds = idleTimeoutSeconds > 0 ? idleTimeoutSeconds : 900;
        helloServerId = helloServerId > 0 ? helloServerId : 10101;
        passwordHashCost = passwordHashCost > 0 ? passwordHashCost : 10;
        loginFailuresBeforeLockout = loginFailuresBeforeLockout == 0 ? 5 : loginFailuresBeforeLockout;
        packetsPerSecond = packetsPerSecond == 0 ? 10 : packetsPerSecond;
        loginKeyLength = loginKeyLength == 0 ? MAX_KEY_LENGTH : loginKeyLength;
        if (loginKeyLength < MIN_KEY_LENGTH || loginKeyLength > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("pangya.loginKeyLength must be " + MIN_KEY_LENGTH + ".." + MAX_KEY_LENGTH);
        }
        loginRecords = loginRecords == 0 ? 100_000 : loginRecords;
        if (loginRecords < 100) {
            throw new IllegalArgumentException("pangya.loginRecords must be at least 100");
        }
        passwordHashThreads = passwordHashThreads == 0 ? 1 : passwordHashThreads;
        passwordHashQueue = passwordHashQueue == 0 ? 32 : passwordHashQueue;
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

    /** Every default: port 10103 on all interfaces, profile th829, keys under the data directory. */
    public static PangyaConfig defaults() {
        return new PangyaConfig(null, null, DEFAULT_PORT, null, null, null, null, null, 0, 0, 0, 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0);
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
