package dev.revenant.mig33.service;

import dev.revenant.core.bus.Delivery;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.limits.RateLimit;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.mig33.codec.MalformedFieldException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.store.Account;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's mig33 session: its login state, and the dispatch of its requests to the
 * services. Requests arrive one at a time (the server runs them in order off the event loop);
 * deliveries from other sessions may arrive at any time from other threads.
 */
public final class Mig33Session implements SessionHandle {
    private static final Logger log = LoggerFactory.getLogger(Mig33Session.class);

    enum State { NEW, CHALLENGED, LOGGED_IN, CLOSED }

    private final Mig33Context ctx;
    private final Connection connection;
    private final LoginFlow login;
    private final ContactListService contactList;
    private final PrivateMessages messages;
    private final ChatRooms rooms; // chat rooms
    private LoginFlow.Pending pending;
    private final RateLimit requests;
    private final RateLimit messageRate;
    /** Requests refused for their rate in a row; too many and the flooder is cut off. */
    private int refusedInARow;
    /** Set when the server has decided to drop this client: what it still sends is ignored. */
    private volatile boolean cutOff;
    static final int REFUSALS_BEFORE_DISCONNECT = 20;

    private volatile State state = State.NEW;
    private volatile Account account;
    private volatile int presence = Presence.OFFLINE;
    private volatile int clientVersion;
    private volatile boolean replaced;
    private volatile boolean offlineDelivered;
    /** Contact username → the contact id this user's client knows it by (for PRESENCE pushes). */
    private final Map<String, Integer> contactIds = new ConcurrentHashMap<>();
    private final Map<String, MessageBus.Subscription> presenceSubscriptions = new ConcurrentHashMap<>();

    Mig33Session(Mig33Service service, Connection connection) {
        this.ctx = service.context();
        this.connection = connection;
        this.login = service.login();
        this.contactList = service.contactList();
        this.messages = service.messages();
        this.rooms = service.rooms(); // chat rooms
        int rps = ctx.config().requestsPerSecond();
        int mpm = ctx.config().messagesPerMinute();
        this.requests = new RateLimit(rps, rps * 2.0, System::nanoTime);
        this.messageRate = new RateLimit(mpm / 60.0, Math.max(1, mpm / 6.0), System::nanoTime);
    }

    /** Handles one request from the client. */
    public void onPacket(Packet p) {
        if (state == State.CLOSED || cutOff) {
            return;
        }
        boolean allowed = requests.tryTake() && (p.type() != PacketType.MESSAGE || messageRate.tryTake());
        if (!allowed) {
            refusedInARow++;
            ctx.meters().counter("revenant.mig33.rate_limited", "what", p.type() == PacketType.MESSAGE ? "message" : "request").increment();
            if (refusedInARow > REFUSALS_BEFORE_DISCONNECT) {
                cutOff = true;
                log.info("event=flooder_disconnected user={} remote={}", user(), connection.remoteAddress());
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
            log.debug("event=malformed_request type={} remote={} reason=\"{}\"", p.type(), connection.remoteAddress(), e.getMessage());
            send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Malformed request"));
        } catch (StoreUnavailableException e) {
            log.warn("event=store_unavailable type={} user={} reason=\"{}\"", p.type(), user(), e.getMessage());
            send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED,
                    "The service is temporarily unavailable. Please try again."));
        }
    }

    private void dispatch(Packet p) {
        switch (p.type()) {
            case PacketType.PING -> send(ServerPackets.pong(p.txn()));
            case PacketType.LOGOUT -> connection.close();
            case PacketType.NEW_REGISTRATION -> login.register(this, p);
            case PacketType.LOGIN -> login.login(this, p);
            case PacketType.LOGIN_RESPONSE -> login.respond(this, p);
            default -> {
                if (state != State.LOGGED_IN) {
                    send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Please log in first"));
                } else {
                    dispatchLoggedIn(p);
                }
            }
        }
    }

    private void dispatchLoggedIn(Packet p) {
        // chat rooms: packets 700–717, and MESSAGE to a room (destination type 3)
        if (rooms.handle(this, p)) {
            return;
        }
        switch (p.type()) {
            case PacketType.GET_CONTACTS -> {
                contactList.send(this, p);
                if (!offlineDelivered) {
                    offlineDelivered = true;
                    messages.deliverStored(this);
                }
            }
            case PacketType.ADD_CONTACT -> contactList.add(this, p);
            case PacketType.REMOVE_CONTACT -> contactList.remove(this, p);
            case PacketType.MOVE_CONTACT -> contactList.move(this, p);
            case PacketType.UPDATE_CONTACT -> contactList.update(this, p);
            case PacketType.ADD_GROUP -> contactList.addGroup(this, p);
            case PacketType.REMOVE_GROUP -> contactList.removeGroup(this, p);
            case PacketType.UPDATE_GROUP -> contactList.renameGroup(this, p);
            case PacketType.MESSAGE -> messages.send(this, p);
            case PacketType.SET_PRESENCE -> setPresence(p);
            default -> send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Not supported"));
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
        this.account = who;
        this.presence = initialPresence;
        this.clientVersion = version;
        this.state = State.LOGGED_IN;
        connection.loggedIn();
        ctx.registry().claim(this).ifPresent(previous ->
                previous.end("You have logged in from another location"));
        ctx.meters().counter("revenant.mig33.logins").increment();
        log.info("event=login user={} remote={} client_version={}", who.username(), connection.remoteAddress(), version);
    }

    /** Starts following a contact's presence. */
    void follow(String contactUser, int contactId) {
        contactIds.put(contactUser, contactId);
        presenceSubscriptions.computeIfAbsent(contactUser, u -> ctx.bus().subscribe(presenceTopic(u), d -> {
            Integer id = contactIds.get(u);
            if (id != null && state == State.LOGGED_IN) {
                send(ServerPackets.presence(id, Integer.parseInt(d.field("presence"))));
            }
        }));
    }

    /** Stops following a contact (removed from the list). */
    void unfollow(String contactUser) {
        contactIds.remove(contactUser);
        MessageBus.Subscription s = presenceSubscriptions.remove(contactUser);
        if (s != null) {
            s.close();
        }
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

    int clientVersion() {
        return clientVersion;
    }

    State state() {
        return state;
    }

    Connection connection() {
        return connection;
    }

    // ---- the connection's life ----

    /** The connection has closed (logout, lost connection, idle, takeover or shutdown). */
    public void closed() {
        State was = state;
        state = State.CLOSED;
        presenceSubscriptions.values().forEach(MessageBus.Subscription::close);
        presenceSubscriptions.clear();
        if (was == State.LOGGED_IN) {
            rooms.leaveAll(this); // chat rooms: a closed session leaves its rooms ("alice has left")
            boolean owner = ctx.registry().release(this);
            if (owner && !replaced) {
                presence = Presence.OFFLINE;
                publishPresence();
            }
            log.info("event=logout user={} replaced={}", account.username(), replaced);
        }
    }

    /** Closes a session that sent nothing for too long. */
    public void idle() {
        log.debug("event=idle_timeout user={} remote={}", user(), connection.remoteAddress());
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

    @Override
    public String attribute(String name) {
        return "presence".equals(name) ? Integer.toString(presence) : null;
    }

    @Override
    public CompletionStage<Boolean> deliver(Delivery d) {
        if (state != State.LOGGED_IN) {
            return CompletableFuture.completedFuture(false);
        }
        if ("message".equals(d.kind())) {
            return send(PrivateMessages.toPacket(d));
        }
        return CompletableFuture.completedFuture(false);
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
