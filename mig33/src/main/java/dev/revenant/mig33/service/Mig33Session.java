package dev.revenant.mig33.service;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.limits.RateLimit;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.mig33.codec.MalformedFieldException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.PermissionStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's mig33 session: its login state, and the dispatch of its requests to the
 * services. Requests arrive one at a time (the server runs them in order off the event loop);
 * deliveries from other sessions may arrive at any time from other threads.
 */
public final class Mig33Session implements SessionHandle {
    private static final Logger log = LoggerFactory.getLogger(Mig33Session.class);
    /** An outage meets many requests: one line per 10 s says so, with how many were refused. */
    private static final LogThrottle STORE_WARNINGS =
            new LogThrottle(Duration.ofSeconds(10), System::nanoTime);

    enum State { NEW, CHALLENGED, LOGGED_IN, CLOSED }

    private final Mig33Context ctx;
    private final Connection connection;
    private final LoginFlow login;
    private final ClientUpkeep upkeep;
    private final ContactListService contactList;
    private final PrivateMessages messages;
    private final GroupChats groupChats;
    private final Pictures pictures;
    private final ChatRooms rooms;
    private LoginFlow.Pending pending;
    /** The captcha a registering phone was shown, until its REGISTRATION_RESPONSE. */
    private Captcha captcha;
    private final RateLimit requests;
    private final RateLimit messageRate;
    /** The outcome of the last message or file this session sent (its OK, or its storing): the next waits for it. */
    private CompletableFuture<Void> lastSent = CompletableFuture.completedFuture(null);
    /** Requests refused for their rate in a row; too many and the flooder is cut off. */
    private int refusedInARow;
    /** Set when the server has decided to drop this client: what it still sends is ignored. */
    private volatile boolean cutOff;
    static final int REFUSALS_BEFORE_DISCONNECT = 20;

    private volatile State state = State.NEW;
    private volatile Account account;
    private volatile int presence = Presence.OFFLINE;
    private volatile int clientVersion;
    /** When the login completed (ms), for the operator's list of sessions. */
    private volatile long since;
    private volatile boolean replaced;
    private volatile boolean offlineDelivered;
    /** Contact username → the contact id this user's client knows it by (for PRESENCE pushes). */
    private final Map<String, Follow> follows = new ConcurrentHashMap<>();
    static final String KIND_ALERT = "alert";
    private final ContactRequests contactRequests;
    private final Privacy privacy;
    private final ProfileService profiles;
    /** Names this session in the links of its own pages (RequestsPage): random, never logged. */
    private final String pageToken = newPageToken();
    /** Whom this user blocks: read at login, changed only by this session, asked on every delivery to it. */
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();

    Mig33Session(Mig33Service service, Connection connection) {
        this.ctx = service.context();
        this.connection = connection;
        this.login = service.login();
        this.upkeep = service.upkeep();
        this.contactList = service.contactList();
        this.messages = service.messages();
        this.contactRequests = service.contactList().requests();
        this.privacy = service.privacy();
        this.profiles = service.profiles();
        this.groupChats = service.groupChats();
        this.pictures = service.pictures();
        this.rooms = service.rooms();
        int rps = ctx.config().requestsPerSecond();
        int mpm = ctx.config().messagesPerMinute();
        this.requests = new RateLimit(rps, rps * 2.0, System::nanoTime);
        this.messageRate = new RateLimit(mpm / 60.0, Math.max(1, mpm / 6.0), System::nanoTime);
    }

    /**
     * Runs {@code outcome} with what {@code delivery} completes with, on {@code executor}, once the outcome of
     * the message or file this session sent before it has run: a sender's messages are answered and stored
     * in the order sent, even when the client sends the next before the previous OK (a MIDlet's outbox on a
     * slow link). Without it, two messages to a user who is away were stored, and replayed, in whichever
     * order two workers got to them. The deliveries themselves go out at once, in order; only what follows
     * them waits. {@code outcome} answers its own failures.
     */
    synchronized <T> void afterEarlierSends(CompletionStage<T> delivery, Consumer<T> outcome,
                                            Executor executor) {
        lastSent = lastSent.thenCombineAsync(delivery, (earlier, result) -> {
            outcome.accept(result);
            return (Void) null;
        }, executor).exceptionally(e -> null);
    }

    /** Handles one request from the client. */
    public void onPacket(Packet p) {
        if (state == State.CLOSED || cutOff) {
            return;
        }
        // an upload counts as a message: it is the costliest request a client can make
        boolean counted = p.type() == PacketType.MESSAGE || p.type() == PacketType.UPLOAD_FILE;
        // OPEN_URL is not counted: the 4.x clients ask for a picture they could not file at every repaint,
        // and the answer is the server's own page or picture (no store, no fetch); an ERROR "Slow down" for
        // it would be a dialog the user never asked for. A stored picture's URL reads the store: counted.
        boolean free = p.type() == PacketType.OPEN_URL && !Pictures.isPictureUrl(p.string(2, ""));
        boolean allowed = free || requests.tryTake() && (!counted || messageRate.tryTake());
        if (!allowed) {
            refusedInARow++;
            ctx.meters().counter("revenant.mig33.rate_limited", "what", counted ? "message" : "request").increment();
            if (refusedInARow > REFUSALS_BEFORE_DISCONNECT) {
                cutOff = true;
                log.info("event=flooder_disconnected user={} remote={}", LogText.escape(user()), connection.remoteAddress());
                ctx.meters().counter("revenant.mig33.disconnects", "cause", "flood").increment();
                connection.send(ServerPackets.sessionTerminated("You sent too much too fast"));
                connection.close();
            } else {
                send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Slow down: you are sending too fast"));
            }
            return;
        }
        refusedInARow = 0;
        try {
            dispatch(p);
        } catch (MalformedFieldException e) {
            log.debug("event=malformed_request type={} remote={} reason=\"{}\"", p.type(), connection.remoteAddress(),
                    LogText.escape(e.getMessage()));
            send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Malformed request"));
        } catch (StoreUnavailableException e) {
            long held = STORE_WARNINGS.admit();
            if (held >= 0) {
                log.warn("event=store_unavailable type={} user={} reason=\"{}\" also_refused_since_last_line={}",
                        p.type(), LogText.escape(user()), LogText.escape(e.getMessage()), held);
            }
            send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED,
                    "The service is temporarily unavailable. Please try again."));
        }
    }

    private void dispatch(Packet p) {
        switch (p.type()) {
            case PacketType.PING -> send(ServerPackets.pong(p.txn()));
            case PacketType.LOGOUT -> connection.close();
            case PacketType.NEW_REGISTRATION -> login.register(this, p);
            case PacketType.REGISTRATION -> login.registration(this, p);
            case PacketType.REGISTRATION_RESPONSE -> login.registrationResponse(this, p);
            case PacketType.LOGIN -> login.login(this, p);
            case PacketType.LOGIN_RESPONSE -> login.respond(this, p);
            default -> {
                if (upkeep.handle(this, p)) {
                    return;
                }
                if (state != State.LOGGED_IN) {
                    send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Please log in first"));
                } else {
                    dispatchLoggedIn(p);
                }
            }
        }
    }

    private void dispatchLoggedIn(Packet p) {
        // packets 700–717, and MESSAGE to a room (destination type 3)
        if (rooms.handle(this, p)) {
            return;
        }
        switch (p.type()) {
            case PacketType.GET_CONTACTS -> {
                contactList.send(this, p);
                deliverWaiting();
            }
            case PacketType.HAVE_LATEST_CONTACT_LIST -> {
                contactList.confirmLatest(this, p);
                deliverWaiting();
            }
            case PacketType.ADD_CONTACT -> contactList.add(this, p);
            case PacketType.REMOVE_CONTACT -> contactList.remove(this, p);
            case PacketType.MOVE_CONTACT -> contactList.move(this, p);
            case PacketType.UPDATE_CONTACT -> contactList.update(this, p);
            case PacketType.ADD_GROUP -> contactList.addGroup(this, p);
            case PacketType.REMOVE_GROUP -> contactList.removeGroup(this, p);
            case PacketType.UPDATE_GROUP -> contactList.renameGroup(this, p);
            case PacketType.MESSAGE -> message(p);
            case PacketType.UPLOAD_FILE -> pictures.upload(this, p);
            case PacketType.CREATE_GROUP_CHAT -> groupChats.create(this, p);
            case PacketType.GROUP_CHAT_INVITE -> groupChats.invite(this, p);
            case PacketType.LEAVE_GROUP_CHAT -> groupChats.leave(this, p);
            case PacketType.GET_GROUP_CHAT_PARTICIPANTS -> groupChats.participants(this, p);
            case PacketType.SET_PRESENCE -> setPresence(p);
            case PacketType.GET_CONTACT_REQUESTS -> contactRequests.list(this, p);
            case PacketType.ACCEPT_CONTACT_REQUEST -> contactRequests.accept(this, p);
            case PacketType.REJECT_CONTACT_REQUEST -> contactRequests.reject(this, p, privacy);
            case PacketType.GET_PERMISSION_LIST -> privacy.list(this, p);
            case PacketType.SET_PERMISSION -> privacy.set(this, p);
            case PacketType.SET_STATUS_MESSAGE -> profiles.setStatusMessage(this, p);
            case PacketType.SET_DISPLAY_PICTURE -> pictures.setDisplayPicture(this, p);
            case PacketType.GET_USER_PROFILE -> profiles.profile(this, p);
            case PacketType.UPDATE_USER_PROFILE -> profiles.updateProfile(this, p);
            case PacketType.CHANGE_PASSWORD -> profiles.changePassword(this, p);
            default -> send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Not supported"));
        }
    }

    /** What waited for this user (messages, contact requests, pictures) follows the first contact list. */
    private void deliverWaiting() {
        if (!offlineDelivered) {
            offlineDelivered = true;
            messages.deliverStored(this);
            contactRequests.deliverPending(this);
            pictures.deliverPending(this);
        }
    }

    /** MESSAGE: to a group chat (destination type 2), a file to a user (content types 2–5), or text to a user. */
    private void message(Packet p) {
        if (p.integer(3, PrivateMessages.DESTINATION_PRIVATE) == GroupChats.DESTINATION_GROUP_CHAT) {
            groupChats.message(this, p);
        } else if (p.integer(3, PrivateMessages.DESTINATION_PRIVATE) == PrivateMessages.DESTINATION_PRIVATE
                && Pictures.isFile(p.integer(6, PrivateMessages.CONTENT_TEXT))) {
            pictures.send(this, p);
        } else {
            messages.send(this, p);
        }
    }

    private void setPresence(Packet p) {
        long requested = p.number(1, -1);
        if (!Presence.isValid(requested)) {
            send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Invalid presence"));
            return;
        }
        presence = (int) requested;
        send(ServerPackets.ok(p.txn(), "Presence set"));
        publishPresence();
    }

    // ---- state the services change ----

    void registering(Captcha shown) {
        captcha = shown;
    }

    Captcha takeCaptcha() {
        Captcha shown = captcha;
        captcha = null;
        return shown;
    }

    void challenged(LoginFlow.Pending challenge) {
        pending = challenge;
        state = State.CHALLENGED;
    }

    /** The pending challenge, once: a second LOGIN_RESPONSE must start over. */
    LoginFlow.Pending takePending() {
        LoginFlow.Pending p = state == State.CHALLENGED ? pending : null;
        pending = null;
        return p;
    }

    void resetLogin() {
        state = State.NEW;
    }

    /** Completes a login: owns the user now, takes over from an earlier session, tells the watchers. */
    void loggedIn(Account who, int initialPresence, int version) {
        // known before the session can be reached (the store may fail
        // here, before anything of the login has changed)
        blocked.addAll(ctx.permissions().usernames(who.id(), PermissionStore.BLOCK));
        this.account = who;
        this.presence = initialPresence;
        this.clientVersion = version;
        this.state = State.LOGGED_IN;
        this.since = ctx.clock().millis();
        connection.loggedIn();
        ctx.registry().claim(this).ifPresent(previous ->
                previous.end("You have logged in from another location"));
        ctx.meters().counter("revenant.mig33.logins").increment();
        log.info("event=login user={} remote={} client_version={}", LogText.escape(who.username()), connection.remoteAddress(), version);
    }

    /**
     * Starts following a contact's presence, and (contact requests, privacy, profile) their status message and
     * display picture: one subscription for both, so that whoever may see the one sees the other.
     */
    void follow(String contactUser, int contactId) {
        // the name is interned: every session that lists a user then shares one copy of the name
        follows.compute(contactUser.intern(), (user, known) -> {
            if (known != null) {
                known.contactId = contactId;
                return known;
            }
            Follow follow = new Follow(contactId);
            follow.subscription = ctx.bus().subscribe(presenceTopic(user), follow);
            return follow;
        });
    }

    /**
     * A contact this session follows: the id the client knows them by, and the one subscription to their
     * topic, which carries presence, status message and display picture. One small object per contact,
     * because a session follows about twenty and its heap is what 50,000 sessions multiply.
     */
    private final class Follow implements Consumer<Delivery> {
        volatile int contactId;
        MessageBus.Subscription subscription;

        Follow(int contactId) {
            this.contactId = contactId;
        }

        @Override
        public void accept(Delivery d) {
            if (state == State.LOGGED_IN) {
                send("presence".equals(d.kind()) ? ServerPackets.presence(contactId, Integer.parseInt(d.field("presence")))
                        : ProfileService.toPacket(contactId, d));
            }
        }
    }

    private void stopFollowing(String contactUser) {
        Follow f = follows.remove(contactUser);
        if (f != null) {
            f.subscription.close();
        }
    }

    /** Follows a contact who just became visible, and shows where they are now. */
    void followAndShow(String contactUser, int contactId) {
        follow(contactUser, contactId);
        send(ServerPackets.presence(contactId, presenceOf(contactUser)));
    }

    /** Stops following a contact who no longer lets this user see them; they now show offline. */
    void hide(String contactUser, int contactId) {
        stopFollowing(contactUser);
        send(ServerPackets.presence(contactId, Presence.OFFLINE));
    }

    void block(String other) {
        blocked.add(other);
    }

    void unblock(String other) {
        blocked.remove(other);
    }

    /** Whether this user blocks {@code other}; from memory, for the message path. */
    boolean blocks(String other) {
        return blocked.contains(other);
    }

    /** Deliveries of contact requests, privacy and alerts; false for a kind this session does not know. */
    private CompletionStage<Boolean> deliverSocial(Delivery d) {
        switch (d.kind()) {
            case ContactRequests.KIND_REQUEST -> {
                if (blocked.contains(d.field("requester"))) {
                    return CompletableFuture.completedFuture(true);
                }
                return send(contactRequests.notice(this, d.field("requester")));
            }
            case ContactRequests.KIND_FOLLOW -> {
                int contactId = Integer.parseInt(d.field("contactId"));
                followAndShow(d.field("user"), contactId);
                if (d.field("status") != null) {
                    send(ServerPackets.statusMessage(contactId, d.field("status"), Long.parseLong(d.field("statusAt"))));
                }
                if (d.field("picture") != null) {
                    send(ServerPackets.displayPicture(contactId, d.field("picture"), Long.parseLong(d.field("pictureAt"))));
                }
                return CompletableFuture.completedFuture(true);
            }
            case ContactRequests.KIND_HIDE -> {
                hide(d.field("user"), Integer.parseInt(d.field("contactId")));
                return CompletableFuture.completedFuture(true);
            }
            case KIND_ALERT -> {
                return send(ServerPackets.alert(1, d.field("title"), d.field("text")));
            }
            default -> {
                // a line from a user this one blocks is dropped, as in chat rooms
                if (GroupChats.KIND_MESSAGE.equals(d.kind()) && blocked.contains(d.field("source"))) {
                    return CompletableFuture.completedFuture(true);
                }
                // group chats, pictures
                Packet push = d.kind().startsWith("groupchat.") ? GroupChats.toPacket(d) : Pictures.toPacket(d);
                return push != null ? send(push) : CompletableFuture.completedFuture(false);
            }
        }
    }

    /** Stops following a contact (removed from the list). */
    void unfollow(String contactUser) {
        stopFollowing(contactUser);
    }

    void publishPresence() {
        ctx.bus().publish(presenceTopic(account.username()),
                Delivery.of("presence", "user", account.username(), "presence", Integer.toString(presence)));
    }

    static String presenceTopic(String user) {
        return "mig33.presence." + user;
    }

    /** The current presence of another user: their live session's, or offline. */
    int presenceOf(String user) {
        return ctx.registry().lookup(Mig33Context.SERVICE, user)
                .map(h -> h.attribute("presence"))
                .map(Integer::parseInt)
                .orElse(Presence.OFFLINE);
    }

    CompletionStage<Boolean> send(Packet p) {
        return connection.send(p);
    }

    Account account() {
        return account;
    }

    String pageToken() {
        return pageToken;
    }

    private static final SecureRandom TOKENS = new SecureRandom();

    private static String newPageToken() {
        byte[] bytes = new byte[16];
        TOKENS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    int clientVersion() {
        return clientVersion;
    }

    State state() {
        return state;
    }

    Connection connection() {
        return connection;
    }

    /**
     * Whether a later request of this client needs this session: it logged in, was challenged, or was shown a
     * captcha. A transport whose requests each name their session (HTTP) lets go of one that holds nothing,
     * e.g. after the connection test's PING.
     */
    public boolean holdsState() {
        return state != State.NEW || captcha != null;
    }

    // ---- the connection's life ----

    /** The connection has closed (logout, lost connection, idle, takeover or shutdown). */
    public void closed() {
        State was = state;
        state = State.CLOSED;
        follows.values().forEach(f -> f.subscription.close());
        follows.clear();
        if (was == State.LOGGED_IN) {
            // a lost connection counts as leaving (before watchers see the user go offline);
            // whatever goes wrong there must not keep the user registered
            try {
                groupChats.leaveAll(this);
            } catch (RuntimeException e) {
                log.warn("event=group_chat_leave_failed user={} reason=\"{}\"", LogText.escape(account.username()),
                        LogText.escape(e.toString()));
            }
            try {
                rooms.leaveAll(this); // a closed session leaves its rooms ("alice has left")
            } catch (RuntimeException e) {
                log.warn("event=room_leave_failed user={} reason=\"{}\"", LogText.escape(account.username()),
                        LogText.escape(e.toString()));
            }
            boolean owner = ctx.registry().release(this);
            if (owner && !replaced) {
                presence = Presence.OFFLINE;
                publishPresence();
            }
            log.info("event=logout user={} replaced={}", LogText.escape(account.username()), replaced);
        }
    }

    /** Closes a session that sent nothing for too long. */
    public void idle() {
        log.debug("event=idle_timeout user={} remote={}", LogText.escape(user()), connection.remoteAddress());
        connection.send(ServerPackets.sessionTerminated("Your session timed out"));
        connection.close();
    }

    // ---- SessionHandle: how other sessions reach this one ----

    @Override
    public String service() {
        return Mig33Context.SERVICE;
    }

    @Override
    public String user() {
        Account a = account;
        return a == null ? null : a.username();
    }

    /**
     * Published attributes: {@code presence} (other sessions' contact lists), and for the operator's list
     * of sessions {@code clientVersion}, {@code address}, {@code since} (ms) and {@code transport}.
     */
    @Override
    public String attribute(String name) {
        return switch (name) {
            case "presence" -> Integer.toString(presence);
            case "clientVersion" -> Integer.toString(clientVersion);
            // "host:port", without the leading "/" of an unresolved socket address
            case "address" -> connection.remoteAddress() == null ? null : connection.remoteAddress().replaceFirst("^[^/]*/", "");
            case "since" -> Long.toString(since);
            case "transport" -> connection.transport();
            default -> null;
        };
    }

    @Override
    public CompletionStage<Boolean> deliver(Delivery d) {
        if (state != State.LOGGED_IN) {
            return CompletableFuture.completedFuture(false);
        }
        if ("message".equals(d.kind())) {
            // a blocked sender's message is dropped, yet counts as
            // delivered, so that it is not stored and the sender gets the usual OK
            if (blocked.contains(d.field("source"))) {
                ctx.meters().counter("revenant.mig33.messages", "path", "blocked").increment();
                return CompletableFuture.completedFuture(true);
            }
            return send(PrivateMessages.toPacket(d));
        }
        return deliverSocial(d);
    }

    /** Ended by the server: another login took the user over, or the server is shutting down. */
    @Override
    public void end(String reason) {
        replaced = true;
        ctx.meters().counter("revenant.mig33.disconnects", "cause", "takeover").increment();
        connection.send(ServerPackets.sessionTerminated(reason));
        connection.close();
    }

    /** Ends the session for a server shutdown: the client is told, and watchers see it go offline. */
    public void shutdown(String reason) {
        connection.send(ServerPackets.sessionTerminated(reason));
        connection.close();
    }
}
