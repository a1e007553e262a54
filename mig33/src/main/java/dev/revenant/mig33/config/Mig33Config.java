package dev.revenant.mig33.config;

import dev.revenant.core.config.Defaults;
import java.time.Duration;
import java.util.IllegalFormatException;
import java.util.List;

/**
 * The mig33 gateway's settings (the {@code mig33:} block of the configuration). Their defaults, and what
 * each option means to an operator, are in {@value #DEFAULTS_RESOURCE} in this module's jar, which
 * {@link #defaults()} reads.
 *
 * @param ports TCP ports to listen on; the original service used 9119, 25 and 80. The first must be bound;
 *     the others are the MIDlets' fallbacks, bound where the process may (one that cannot be is logged)
 * @param idleTimeout a logged-in session that sends nothing for this long is closed (clients PING every ~60 s)
 * @param loginTimeout a connection that has not logged in within this long is closed
 * @param maxPacketBytes content bytes per packet once logged in; larger is a framing error (the original
 *     accepted 358,400, enough for a picture)
 * @param maxPacketBytesBeforeLogin the same before login: LOGIN and NEW_REGISTRATION are a few hundred bytes,
 *     so a stranger cannot make the server buffer a picture's worth of bytes
 * @param minClientVersion LOGIN field 3 below this gets ERROR 100 (0: any)
 * @param minProtocolVersion LOGIN field 1 below this gets ERROR 101 (0: any)
 * @param maintenance while true, logins get LOGIN_NOTIFY with {@code maintenanceNotice}
 * @param loginFailuresBeforeLockout failed logins of one account, from one address, or of one account from one
 *     address, before further attempts are refused for {@code lockout}, doubling with each further failure up to
 *     {@code maxLockout}; from an address the account logged in from before only the last count applies
 *     (0: never)
 * @param registrationsPerAddressPerHour registration attempts from one address per hour, whatever their answer
 *     (a taken name, bad details, a wrong captcha); beyond it the address waits an hour (0: no limit)
 * @param requestsPerSecond requests a session may send per second (twice that in a burst); beyond it they
 *     get ERROR, and a session that keeps going over is disconnected (0: no limit)
 * @param messagesPerMinute messages a session may send per minute, likewise
 * @param maxContacts contacts per user; maxGroups: contact groups per user
 * @param writeTimeout a packet not written to its client within this long marks a reader that does not
 *     read: the connection is closed (its undelivered messages are stored)
 * @param maxStatusMessageLength characters of a status message (SET_STATUS_MESSAGE) or away message
 * @param maxDisplayPictureLength characters of a display picture reference (SET_DISPLAY_PICTURE)
 * @param maxPermissionEntries users on one user's allow and block lists together (SET_PERMISSION)
 * @param maxUploadBytes the largest picture a user may send or upload (MESSAGE content types 2/5, UPLOAD_FILE);
 *     at most {@code maxPacketBytes}, since a picture travels in one packet
 * @param maxStoredBytesPerUser the most bytes of files one user may have stored (sent and uploaded), so that
 *     one account cannot fill the store; beyond it sending or uploading a file gets ERROR
 * @param maxGroupChatParticipants the most users one group chat may hold, its creator included
 * @param maxGroupChatsPerUser a user in this many group chats at once cannot create another (group chats
 *     live in memory: this bounds what one user can make the server hold)
 * @param maxRoomsPerUser chat rooms one user may create with CREATE_CHATROOM (0: users cannot create rooms)
 * @param roomCapacity participants of a room created by a user, and the default for an operator's room
 * @param roomKickBan how long a user voted or kicked out of a room may not rejoin it
 * @param roomsPerPage rooms per page of GET_CHATROOMS, and per category list
 * @param maxFavouriteRooms favourite rooms per user
 * @param roomWelcomeMessage the first room line a joining user sees; %s is the room name
 * @param maxJoinedRooms rooms one session may be in at once
 * @param registrationCaptcha whether a phone registering (REGISTRATION 101 → 103) must type the letters of
 *     the picture it is shown; false: the picture says so and any answer is taken
 * @param maxOfflineMessages messages one user may have waiting for their next login; a message that finds
 *     the box full is not stored and its sender gets ERROR saying so
 * @param offlineMessageExpiry a waiting message older than this is deleted unread
 * @param offlineMessagesPerCommit the most messages for users who are away written in one transaction: those
 *     that arrive while one is written go together in the next, each sender answered once it committed
 * @param offlineMessageWriters the most of those transactions written at once (each holds a connection of
 *     the store's pool while it writes)
 * @param roomExpiry a room a user made that nobody joined for this long is deleted (0: never); operators'
 *     rooms stay
 * @param maxStoredBytes the most bytes of files all users together may have stored; beyond it sending or
 *     uploading a file gets ERROR
 * @param loginRecords the most entries each login table in memory holds: failure counts (per account, per
 *     address, per account and address) and the addresses accounts logged in from; when full, the least used
 *     are forgotten first
 * @param loginProofs which LOGIN_RESPONSE proofs each client version may send (see {@link LoginProofPolicy}),
 *     e.g. {@code "300-499: hash-lower; 500-: sha1"}. Every known MIDlet (3.00–4.62, client versions up to
 *     462) sends String.hashCode of the challenge and the lower-cased password; no 2.x MIDlet was at hand to
 *     check, so the default takes both String.hashCode forms below 300, and the SHA-1 fold, and only it,
 *     from versions no known MIDlet has
 * @param clientsDir a directory of original MIDlets (JAD + JAR) that the HTTP listener serves over the air at
 *     {@code /get/}, patched for this server; empty: none served
 * @param http mig33 over HTTP, the MIDlets' last fallback (spec §8): off unless it names a port
 * @param webSocket whether the HTTP listener takes mig33 over WebSocket at {@code /mig33/ws} (the packets'
 *     JSON form, for clients in a browser); it only adds a route to the listener the operator runs already
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
        int maxMessageLength,
        int loginFailuresBeforeLockout,
        Duration lockout,
        Duration maxLockout,
        int registrationsPerAddressPerHour,
        Duration writeTimeout,
        int requestsPerSecond,
        int messagesPerMinute,
        int maxContacts,
        int maxGroups,
        int maxPacketBytesBeforeLogin,
        int maxStatusMessageLength,
        int maxDisplayPictureLength,
        int maxPermissionEntries,
        int maxUploadBytes,
        long maxStoredBytesPerUser,
        int maxGroupChatParticipants,
        int maxGroupChatsPerUser,
        int maxRoomsPerUser,
        int roomCapacity,
        Duration roomKickBan,
        int roomsPerPage,
        int maxFavouriteRooms,
        String roomWelcomeMessage,
        int maxJoinedRooms,
        // registration from the phones (REGISTRATION 101 / 103)
        boolean registrationCaptcha,
        // bounds on what the store keeps
        int maxOfflineMessages,
        Duration offlineMessageExpiry,
        int offlineMessagesPerCommit,
        int offlineMessageWriters,
        Duration roomExpiry,
        long maxStoredBytes,
        // login hardening
        int loginRecords,
        String loginProofs,
        String clientsDir,
        Http http,
        boolean webSocket) {

    /**
     * mig33 over HTTP, as the original served it on port 80: each request body carries a packet, the answer's
     * body the packets waiting for the session; the session is named by the request's path ({@code /<id>},
     * what the MIDlets send) or a {@code sid} cookie. A phone that stops polling is treated like a TCP client
     * that stops sending: its session ends after {@code idleTimeout} (before login, {@code loginTimeout}).
     *
     * @param ports TCP ports the HTTP transport listens on, on {@code host}; empty (the default): none. The
     *     MIDlets dial {@code http://gateway.mig33.com/}, port 80. The first must be bound; the others are
     *     bound where the process may
     * @param maxQueuedPackets pushes (packets with transaction id 0) that may wait for one session's next poll;
     *     one more marks a phone that does not poll: its session ends as a TCP reader that does not read would
     *     (messages for it are then stored for its next login). A request's own answer is not counted: it is
     *     as large as the request asked for, and goes out with that request's HTTP answer
     * @param sessionsPerAddress HTTP sessions one address may hold at once, logged in or not (a phone makes one
     *     per login); a request that would start one more gets ERROR (0: no limit)
     */
    public record Http(List<Integer> ports, int maxQueuedPackets, int sessionsPerAddress) {
        public Http {
            ports = ports == null ? List.of() : List.copyOf(ports);
            for (Integer port : ports) {
                if (port == null || port < 0 || port > 65535) {
                    throw new IllegalArgumentException("http.ports must be 1..65535 (or 0 for any free port), not " + port);
                }
            }
            if (maxQueuedPackets < 1) {
                throw new IllegalArgumentException("http.maxQueuedPackets must be positive, not " + maxQueuedPackets);
            }
            if (sessionsPerAddress < 0) {
                throw new IllegalArgumentException("http.sessionsPerAddress must be 0 (no limit) or positive, not "
                        + sessionsPerAddress);
            }
        }

        /** Whether the operator asked for it (named a port). */
        public boolean listens() {
            return !ports.isEmpty();
        }
    }

    /** The class-path resource with the {@code mig33:} section's defaults, which also list its options. */
    public static final String DEFAULTS_RESOURCE = "revenant-defaults/mig33.yml";

    /** The widest status message, away message and display picture reference the store holds (migration V3). */
    public static final int STORED_TEXT_MAX = 1000;

    public Mig33Config {
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("ports must name at least one port");
        }
        for (Integer port : ports) {
            if (port == null || port < 0 || port > 65535) {
                throw new IllegalArgumentException("ports must be 1..65535 (or 0 for any free port), not " + port);
            }
        }
        ports = List.copyOf(ports);
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (loginTimeout == null || loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("loginTimeout must be positive");
        }
        if (maxPacketBytes < 64) {
            throw new IllegalArgumentException("maxPacketBytes must be at least 64, not " + maxPacketBytes);
        }
        if (maxPacketBytesBeforeLogin < 64 || maxPacketBytesBeforeLogin > maxPacketBytes) {
            throw new IllegalArgumentException("maxPacketBytesBeforeLogin must be 64.." + maxPacketBytes + ", not "
                    + maxPacketBytesBeforeLogin);
        }
        if (maxMessageLength < 1) {
            throw new IllegalArgumentException("maxMessageLength must be positive");
        }
        if (loginFailuresBeforeLockout < 0 || registrationsPerAddressPerHour < 0) {
            throw new IllegalArgumentException("loginFailuresBeforeLockout and registrationsPerAddressPerHour must be 0 or positive");
        }
        if (requestsPerSecond < 0 || messagesPerMinute < 0 || maxContacts < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("requestsPerSecond and messagesPerMinute must be 0 or positive,"
                    + " maxContacts and maxGroups positive");
        }
        if (writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive");
        }
        if (maxStatusMessageLength < 1 || maxStatusMessageLength > STORED_TEXT_MAX
                || maxDisplayPictureLength < 1 || maxDisplayPictureLength > STORED_TEXT_MAX) {
            throw new IllegalArgumentException("maxStatusMessageLength and maxDisplayPictureLength must be 1.."
                    + STORED_TEXT_MAX);
        }
        if (maxPermissionEntries < 1) {
            throw new IllegalArgumentException("maxPermissionEntries must be positive");
        }
        if (lockout == null || lockout.isNegative() || maxLockout == null || maxLockout.compareTo(lockout) < 0) {
            throw new IllegalArgumentException("lockout must be positive and maxLockout at least lockout");
        }
        if (maxUploadBytes < 1 || maxUploadBytes > maxPacketBytes) {
            throw new IllegalArgumentException("maxUploadBytes must be 1.." + maxPacketBytes
                    + " (maxPacketBytes: a picture travels in one packet), not " + maxUploadBytes);
        }
        if (maxStoredBytesPerUser < maxUploadBytes) {
            throw new IllegalArgumentException("maxStoredBytesPerUser must be at least maxUploadBytes (" + maxUploadBytes
                    + "), not " + maxStoredBytesPerUser);
        }
        if (maxGroupChatParticipants < 2) {
            throw new IllegalArgumentException("maxGroupChatParticipants must be at least 2, not " + maxGroupChatParticipants);
        }
        if (maxGroupChatsPerUser < 1) {
            throw new IllegalArgumentException("maxGroupChatsPerUser must be positive, not " + maxGroupChatsPerUser);
        }
        if (maxRoomsPerUser < 0 || roomCapacity < 1 || roomsPerPage < 1 || roomsPerPage > 100 || maxFavouriteRooms < 0
                || maxJoinedRooms < 1) {
            throw new IllegalArgumentException("maxRoomsPerUser and maxFavouriteRooms must be 0 or positive,"
                    + " roomCapacity and maxJoinedRooms positive, and roomsPerPage 1..100");
        }
        if (roomKickBan == null || roomKickBan.isNegative()) {
            throw new IllegalArgumentException("roomKickBan must be 0 or positive");
        }
        // bounds on what the store keeps
        if (maxOfflineMessages < 1) {
            throw new IllegalArgumentException("maxOfflineMessages must be positive, not " + maxOfflineMessages);
        }
        if (offlineMessagesPerCommit < 1) {
            throw new IllegalArgumentException("offlineMessagesPerCommit must be positive, not " + offlineMessagesPerCommit);
        }
        if (offlineMessageWriters < 1) {
            throw new IllegalArgumentException("offlineMessageWriters must be positive, not " + offlineMessageWriters);
        }
        if (offlineMessageExpiry == null || offlineMessageExpiry.isNegative() || offlineMessageExpiry.isZero()) {
            throw new IllegalArgumentException("offlineMessageExpiry must be positive");
        }
        if (roomExpiry == null || roomExpiry.isNegative()) {
            throw new IllegalArgumentException("roomExpiry must be 0 (never) or positive");
        }
        if (maxStoredBytes < maxUploadBytes) {
            throw new IllegalArgumentException("maxStoredBytes must be at least maxUploadBytes (" + maxUploadBytes
                    + "), not " + maxStoredBytes);
        }
        LoginProofPolicy.parse(loginProofs); // found at start, not at the first login
        clientsDir = clientsDir == null ? "" : clientsDir.strip();
        if (http == null) {
            throw new IllegalArgumentException("http must be given (ports [] for none)");
        }
        if (loginRecords < 100) {
            throw new IllegalArgumentException("loginRecords must be at least 100, not " + loginRecords);
        }
        try {
            String.format(roomWelcomeMessage, "room");
        } catch (NullPointerException | IllegalFormatException e) {
            // found at start, not at the first join
            throw new IllegalArgumentException("roomWelcomeMessage must be text with at most one %s, not "
                    + roomWelcomeMessage);
        }
    }

    /** The built-in defaults: the {@code mig33:} section of {@value #DEFAULTS_RESOURCE}, read once. */
    public static Mig33Config defaults() {
        return Defaults.of(DEFAULTS_RESOURCE, "mig33", Mig33Config.class);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few settings of a configuration (tests, command-line flags). */
    public static final class Builder {
        private int maxContacts;
        private int maxGroups;
        private boolean enabled;
        private String host;
        private List<Integer> ports;
        private Duration idleTimeout;
        private Duration loginTimeout;
        private int maxPacketBytes;
        private int minClientVersion;
        private int minProtocolVersion;
        private boolean registrationOpen;
        private boolean registrationCaptcha;
        private boolean maintenance;
        private int loginFailuresBeforeLockout;
        private int registrationsPerAddressPerHour;
        private Duration writeTimeout;
        private int requestsPerSecond;
        private int messagesPerMinute;
        private int maxUploadBytes;
        private long maxStoredBytesPerUser;
        private int maxGroupChatParticipants;
        private int maxGroupChatsPerUser;
        private int maxRoomsPerUser;
        private int roomCapacity;
        private Duration roomKickBan;
        // bounds on what the store keeps
        private int maxOfflineMessages;
        private Duration offlineMessageExpiry;
        private Duration roomExpiry;
        private long maxStoredBytes;
        private int loginRecords;
        private String loginProofs;
        private Http http;
        private boolean webSocket;
        private final Mig33Config base;

        private Builder(Mig33Config c) {
            base = c;
            maxContacts = c.maxContacts;
            maxGroups = c.maxGroups;
            enabled = c.enabled;
            host = c.host;
            ports = c.ports;
            idleTimeout = c.idleTimeout;
            loginTimeout = c.loginTimeout;
            maxPacketBytes = c.maxPacketBytes;
            minClientVersion = c.minClientVersion;
            minProtocolVersion = c.minProtocolVersion;
            registrationOpen = c.registrationOpen;
            registrationCaptcha = c.registrationCaptcha;
            maintenance = c.maintenance;
            loginFailuresBeforeLockout = c.loginFailuresBeforeLockout;
            registrationsPerAddressPerHour = c.registrationsPerAddressPerHour;
            writeTimeout = c.writeTimeout;
            requestsPerSecond = c.requestsPerSecond;
            messagesPerMinute = c.messagesPerMinute;
            maxUploadBytes = c.maxUploadBytes;
            maxStoredBytesPerUser = c.maxStoredBytesPerUser;
            maxGroupChatParticipants = c.maxGroupChatParticipants;
            maxGroupChatsPerUser = c.maxGroupChatsPerUser;
            maxRoomsPerUser = c.maxRoomsPerUser;
            roomCapacity = c.roomCapacity;
            roomKickBan = c.roomKickBan;
            maxOfflineMessages = c.maxOfflineMessages;
            offlineMessageExpiry = c.offlineMessageExpiry;
            roomExpiry = c.roomExpiry;
            maxStoredBytes = c.maxStoredBytes;
            loginRecords = c.loginRecords;
            loginProofs = c.loginProofs;
            http = c.http;
            webSocket = c.webSocket;
        }

        /** mig33 over WebSocket on the HTTP listener: on or off. */
        public Builder webSocket(boolean on) {
            webSocket = on;
            return this;
        }

        /** mig33 over HTTP: its ports (empty: off) and limits. */
        public Builder http(Http h) {
            http = h;
            return this;
        }

        // bounds on what the store keeps
        public Builder offlineMessages(int max, Duration expiry) {
            maxOfflineMessages = max;
            offlineMessageExpiry = expiry;
            return this;
        }

        public Builder roomExpiry(Duration d) {
            roomExpiry = d;
            return this;
        }

        public Builder maxStoredBytes(long n) {
            maxStoredBytes = n;
            return this;
        }

        public Builder loginRecords(int n) {
            loginRecords = n;
            return this;
        }

        public Builder loginProofs(String policy) {
            loginProofs = policy;
            return this;
        }

        public Builder maxUploadBytes(int n) {
            maxUploadBytes = n;
            return this;
        }

        public Builder maxStoredBytesPerUser(long n) {
            maxStoredBytesPerUser = n;
            return this;
        }

        public Builder maxGroupChatParticipants(int n) {
            maxGroupChatParticipants = n;
            return this;
        }

        public Builder maxGroupChatsPerUser(int n) {
            maxGroupChatsPerUser = n;
            return this;
        }

        public Builder rooms(int maxPerUser, int capacity, Duration kickBan) {
            maxRoomsPerUser = maxPerUser;
            roomCapacity = capacity;
            roomKickBan = kickBan;
            return this;
        }

        public Builder rates(int requests, int messages) {
            requestsPerSecond = requests;
            messagesPerMinute = messages;
            return this;
        }

        public Builder writeTimeout(Duration d) {
            writeTimeout = d;
            return this;
        }

        public Builder abuseLimits(int failuresBeforeLockout, int registrationsPerHour) {
            loginFailuresBeforeLockout = failuresBeforeLockout;
            registrationsPerAddressPerHour = registrationsPerHour;
            return this;
        }

        public Builder listen(String newHost, List<Integer> newPorts) {
            host = newHost;
            ports = List.copyOf(newPorts);
            return this;
        }

        public Builder timeouts(Duration idle, Duration login) {
            idleTimeout = idle;
            loginTimeout = login;
            return this;
        }

        public Builder maxPacketBytes(int n) {
            maxPacketBytes = n;
            // a picture travels in one packet: smaller packets mean smaller pictures
            maxUploadBytes = Math.min(maxUploadBytes, n);
            return this;
        }

        public Builder minimumVersions(int client, int protocol) {
            minClientVersion = client;
            minProtocolVersion = protocol;
            return this;
        }

        public Builder registrationCaptcha(boolean captcha) {
            registrationCaptcha = captcha;
            return this;
        }

        public Builder registrationOpen(boolean open) {
            registrationOpen = open;
            return this;
        }

        public Builder maintenance(boolean on) {
            maintenance = on;
            return this;
        }

        private Integer maxPermissionEntries;

        public Builder maxPermissionEntries(int n) {
            maxPermissionEntries = n;
            return this;
        }

        /** Contacts and contact groups per user. */
        public Builder listSizes(int contacts, int groups) {
            maxContacts = contacts;
            maxGroups = groups;
            return this;
        }

        public Mig33Config build() {
            return new Mig33Config(enabled, host, ports, idleTimeout, loginTimeout, maxPacketBytes, minClientVersion,
                    minProtocolVersion, registrationOpen, maintenance, base.maintenanceNotice, base.messageOfTheDay,
                    base.welcomeMessage, base.defaultGroupName, base.currency, base.exchangeRate, base.voiceServer,
                    base.maxMessageLength, loginFailuresBeforeLockout, base.lockout, base.maxLockout,
                    registrationsPerAddressPerHour, writeTimeout, requestsPerSecond, messagesPerMinute, maxContacts,
                    maxGroups, Math.min(base.maxPacketBytesBeforeLogin, maxPacketBytes), base.maxStatusMessageLength,
                    base.maxDisplayPictureLength, maxPermissionEntries == null ? base.maxPermissionEntries : maxPermissionEntries,
                    maxUploadBytes, maxStoredBytesPerUser, maxGroupChatParticipants, maxGroupChatsPerUser,
                    maxRoomsPerUser, roomCapacity, roomKickBan, base.roomsPerPage, base.maxFavouriteRooms,
                    base.roomWelcomeMessage, base.maxJoinedRooms, registrationCaptcha, maxOfflineMessages,
                    offlineMessageExpiry, base.offlineMessagesPerCommit, base.offlineMessageWriters, roomExpiry,
                    maxStoredBytes, loginRecords, loginProofs, base.clientsDir, http, webSocket);
        }
    }
}
