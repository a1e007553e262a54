package dev.revenant.mig33;

import java.time.Duration;
import java.util.List;

/**
 * The mig33 gateway's settings (the {@code mig33:} block of the configuration).
 *
 * @param ports TCP ports to listen on; the original service used 9119, 25 and 80
 * @param idleTimeout a logged-in session that sends nothing for this long is closed (clients PING every ~60 s)
 * @param loginTimeout a connection that has not logged in within this long is closed
 * @param maxPacketBytes content bytes per packet; larger is a framing error (the original accepted 358,400)
 * @param minClientVersion LOGIN field 3 below this gets ERROR 100 (0: any)
 * @param minProtocolVersion LOGIN field 1 below this gets ERROR 101 (0: any)
 * @param maintenance while true, logins get LOGIN_NOTIFY with {@code maintenanceNotice}
 */
public record Mig33Config(
        boolean enabled,
        String host,
        List<Integer> ports,
        Duration idleTimeout,
        Duration loginTimeout,
        int maxPacketBytes,
        int minClientVersion,
        int minProtocolVersion,
        boolean registrationOpen,
        boolean maintenance,
        String maintenanceNotice,
        String messageOfTheDay,
        String welcomeMessage,
        String defaultGroupName,
        String currency,
        String exchangeRate,
        String voiceServer,
        int maxMessageLength) {

    /** The built-in defaults (the same values as {@code revenant-defaults.yml}). */
    public static Mig33Config defaults() {
        return new Mig33Config(true, "0.0.0.0", List.of(9119), Duration.ofMinutes(3), Duration.ofSeconds(60),
                358_400, 0, 0, true, false, "The server is under maintenance. Please try again later.",
                "Welcome to Revenant, the mig33 revival.", "Welcome to mig33, %s! You can log in now.",
                "mig33 Contacts", "USD", "", "", 2000);
    }

    public Mig33Config withPorts(List<Integer> newPorts) {
        return new Mig33Config(enabled, host, newPorts, idleTimeout, loginTimeout, maxPacketBytes, minClientVersion,
                minProtocolVersion, registrationOpen, maintenance, maintenanceNotice, messageOfTheDay, welcomeMessage,
                defaultGroupName, currency, exchangeRate, voiceServer, maxMessageLength);
    }

    public Mig33Config withTimeouts(Duration idle, Duration login) {
        return new Mig33Config(enabled, host, ports, idle, login, maxPacketBytes, minClientVersion,
                minProtocolVersion, registrationOpen, maintenance, maintenanceNotice, messageOfTheDay, welcomeMessage,
                defaultGroupName, currency, exchangeRate, voiceServer, maxMessageLength);
    }

    public Mig33Config withAccess(boolean registration, boolean maintenanceMode, int minClient, int minProtocol) {
        return new Mig33Config(enabled, host, ports, idleTimeout, loginTimeout, maxPacketBytes, minClient,
                minProtocol, registration, maintenanceMode, maintenanceNotice, messageOfTheDay, welcomeMessage,
                defaultGroupName, currency, exchangeRate, voiceServer, maxMessageLength);
    }
}
