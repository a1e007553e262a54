package dev.revenant.mig33.session;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.limits.RateLimit;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.core.work.Completed;
import dev.revenant.mig33.codec.MalformedFieldException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.Requests;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.push.Pushes;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.PermissionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's mig33 session: its state (login, presence, whom it follows and blocks) and its
 * lifecycle. It decodes and rate-limits each request and hands it to {@link Dispatch}, which knows the
 * features. Requests arrive one at a time (the server runs them in order off the event loop); deliveries
 * from other sessions may arrive at any time from other threads.
 */
public final class Mig33Session implements SessionHandle {
    private static final Logger log = LoggerFactory.getLogger(Mig33Session.class);
    /** An outage meets many requests: one line per 10 s says so, with how many were refused. */
    private static final LogThrottle STORE_WARNINGS =
            new LogThrottle(Duration.ofSeconds(10), System::nanoTime);
    /** A full worker pool refuses many at once: a few lines that count them, not a line each. */
    private static final LogThrottle OVERLOAD_WARNINGS =
            new LogThrottle(Duration.ofSeconds(10), System::nanoTime);

    public enum State { NEW, CHALLENGED, LOGGED_IN, CLOSED }

    private final Mig33Config config;
    private final PermissionStore permissionStore;
    private final SessionRegistry registry;
    private final MessageBus bus;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Connection connection;
    private final Dispatch dispatch;
    private final PresenceDirectory presences;
    private PendingLogin pending;
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
    /**
     * The contacts this session follows, each with the id this user's client knows it by (for PRESENCE pushes),
     * replaced whole under this session's lock. A session follows about twenty, changes them at the contact
     * list and when a contact is added or removed, and its heap is what every idle session multiplies: two
     * arrays, and one subscriber ({@link #fromContacts}) joined to every contact's topic, cost 12 bytes a
     * contact where a map of small objects, each with its subscription, cost over 100.
     */
    private volatile Followed follows = Followed.NONE;
    private final Consumer<Delivery> fromContacts = this::heardFromContact;
    /**
     * Names this session in the links of its own pages (the waiting requests, the account pages): random, never
     * logged; made when a page first needs it (most sessions open none).
     */
    private volatile String pageToken;
    /**
     * Whom this user blocks: read at login, changed only by this session, asked on every delivery to it; null
     * while nobody is blocked, as for most users.
     */
    private volatile Set<String> blocked;

    public Mig33Session(Mig33Config config, PermissionStore permissionStore, SessionRegistry registry, MessageBus bus,
                    Clock clock, MeterRegistry meters, Dispatch dispatch, PresenceDirectory presences,
                    Connection connection) {
        this.config = config;
        this.permissionStore = permissionStore;
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
        this.meters = meters;
        this.presences = presences;
        this.connection = connection;
        this.dispatch = dispatch;
        int rps = config.requestsPerSecond();
        int mpm = config.messagesPerMinute();
        this.requests = new RateLimit(rps, rps * 2.0, System::nanoTime);
        this.messageRate = new RateLimit(mpm / 60.0, Math.max(1, mpm / 6.0), System::nanoTime);
    }

    /**
     * Runs {@code outcome} with what {@code delivery} completes with, once the outcome of the message or file
     * this session sent before it has finished: a sender's messages are answered and stored in the order sent,
     * even when the client sends the next before the previous OK (a MIDlet's outbox on a slow link). Without
     * it, two messages to a user who is away were stored, and replayed, in whichever order two workers got to
     * them. The deliveries themselves go out at once, in order; only what follows them waits, and the next
     * message's outcome waits until the stage {@code outcome} returns has completed (a message kept in a
     * transaction shared with other senders' is answered when that commits, and the sender's next is stored
     * only after it). {@code outcome} answers its own failures.
     *
     * <p>A result that {@code onTheSpot} accepts has an outcome that touches no store and never blocks (the OK
     * for a message written to its recipient): it runs on the thread that completed the delivery, usually the
     * recipient's event loop as the write finished, so the OK goes out then, with no hop to a worker. A
     * worker's hand-over (a queue, a wake-up, a park) was a quarter of the relay's CPU in the profile. Every
     * other outcome runs on {@code executor}.
     *
     * <p>An outcome that cannot run, because the worker pool is full, or that fails in a way of its own, still
     * gets {@code request} an answer: an ERROR, so that the phone neither waits for nothing nor takes the
     * message as sent.
     */
    public synchronized <T> void afterEarlierSends(Request request, CompletionStage<T> delivery,
                                                  Predicate<T> onTheSpot, Function<T, CompletionStage<?>> outcome,
                                                  Executor executor) {
        FollowUp<T> next = new FollowUp<>(request, onTheSpot, outcome, executor);
        CompletableFuture<Void> earlier = lastSent;
        // the earlier outcomes have almost always finished: then there is nothing to wait for
        CompletionStage<T> ready = earlier.isDone() ? delivery : earlier.thenCombine(delivery, (before, result) -> result);
        if (Completed.normally(ready)) {
            // the delivery was written before this was asked (most are): run on, with no stage made to run it
            next.accept(ready.toCompletableFuture().getNow(null), null);
        } else {
            ready.whenComplete(next);
        }
        // one that finished here (its delivery written already, its OK handed over: most messages on one event
        // loop) is not kept, as the next message has nothing to wait for: the session, which lives long, is then
        // not handed a new young object at every message, for the young collections to trace and copy
        if (!next.isDone()) {
            lastSent = next;
        }
    }

    /**
     * What follows one message's delivery ({@link #afterEarlierSends}): takes the delivery's result, runs the
     * outcome, and completes (normally, always) once the outcome has, so that the next message's may run. One
     * object is the callback and the future: a chain of stages cost five futures and their links per message,
     * about a tenth of what a relayed message left to the collector (JFR allocation samples, issue #16).
     */
    private final class FollowUp<T> extends CompletableFuture<Void> implements BiConsumer<T, Throwable> {
        // let go of once finished (see finish): not final, and read only by the one thread that runs this
        // follow-up, which the delivery's completion hands it to
        private Request request;
        private Predicate<T> onTheSpot;
        private Function<T, CompletionStage<?>> outcome;
        private Executor executor;

        FollowUp(Request request, Predicate<T> onTheSpot, Function<T, CompletionStage<?>> outcome, Executor executor) {
            this.request = request;
            this.onTheSpot = onTheSpot;
            this.outcome = outcome;
            this.executor = executor;
        }

        /** The delivery's result (the earlier outcomes have finished). */
        @Override
        public void accept(T result, Throwable failure) {
            if (failure != null) {
                finish(failure);
                return;
            }
            try {
                if (onTheSpot.test(result)) {
                    run(result);
                } else {
                    executor.execute(() -> run(result));
                }
            } catch (RuntimeException e) { // a full pool's RejectedExecutionException among them
                if (!isDone()) {
                    finish(e);
                }
            }
        }

        private void run(T result) {
            CompletionStage<?> stage;
            try {
                stage = outcome.apply(result);
            } catch (RuntimeException e) {
                finish(e);
                return;
            }
            if (Completed.normally(stage)) {
                finish(null); // finished already (the OK written on the spot): nothing to wait for
            } else {
                stage.whenComplete((done, e) -> finish(e));
            }
        }

        private void finish(Throwable failure) {
            try {
                if (failure != null) {
                    unanswered(request, failure);
                }
            } finally {
                complete(null); // whatever happened, the sender's next message is not held up by this one
                // a follow-up that did not finish at once is kept by the session until its next message: holding
                // the message (its request, the outcome and what that captured) kept every such sender's last one
                // alive through the young collections, copied at each (issue #16)
                request = null;
                onTheSpot = null;
                outcome = null;
                executor = null;
            }
        }
    }

    private void unanswered(Request request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RejectedExecutionException) {
            long held = OVERLOAD_WARNINGS.admit();
            if (held >= 0) {
                log.warn("event=overloaded user={} request={} also_refused_since_last_line={}", LogText.escape(user()),
                        request.getClass().getSimpleName(), held);
            }
            sendInTurn(ServerPackets.error(request.txn(), ServerPackets.ERROR_UNDEFINED,
                    "The server is too busy to take this now. Please try again."));
        } else {
            log.warn("event=request_failed user={} request={}", LogText.escape(user()),
                    request.getClass().getSimpleName(), cause);
            sendInTurn(ServerPackets.error(request.txn(), ServerPackets.ERROR_UNDEFINED,
                    "This could not be done. Please try again."));
        }
    }

    /**
     * A packet from the client and the request it carries: decoded once, where it is read, so that the
     * server can tell whether serving it may block ({@link #quick}) before choosing the thread that serves it.
     *
     * @param request null for a packet type no client sends this server, or a malformed one
     * @param malformed why the packet could not be decoded, answered once it has passed the rate limit
     */
    public record Incoming(Packet packet, Request request, MalformedFieldException malformed) {}

    /** Decodes one packet from the client. */
    public static Incoming decode(Packet p) {
        try {
            return new Incoming(p, Requests.decode(p), null);
        } catch (MalformedFieldException e) {
            return new Incoming(p, null, e);
        }
    }

    /**
     * Whether serving {@code in} cannot block: a logged-in user's request that its feature declared so
     * ({@link Dispatch#quick}), e.g. a message to a user on this node. Asked on the connection's thread.
     */
    public boolean quick(Incoming in) {
        return state == State.LOGGED_IN && !cutOff && dispatch.quick(in.request());
    }

    /** Handles one request from the client: decoded, rate-limited, then handed to its handler. */
    public void onPacket(Packet p) {
        onPacket(decode(p));
    }

    /** Handles one decoded request from the client: rate-limited, then handed to its handler. */
    public void onPacket(Incoming in) {
        if (state == State.CLOSED || cutOff) {
            return;
        }
        Packet p = in.packet();
        Request request = in.request();
        MalformedFieldException malformed = in.malformed();
        if (!admitted(request, p.txn())) {
            return;
        }
        if (malformed != null) {
            log.debug("event=malformed_request type={} remote={} reason=\"{}\"", p.type(), connection.remoteAddress(),
                    LogText.escape(malformed.getMessage()));
            send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "Malformed request"));
            return;
        }
        try {
            dispatch.dispatch(this, p.txn(), request);
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

    /**
     * Takes the request's turn from the rate limits; false (answered, or the flooder cut off) when it has
     * none. An undecodable request ({@code null}) counts like any other.
     */
    private boolean admitted(Request request, int txn) {
        // an upload counts as a message: it is the costliest request a client can make
        boolean counted = request instanceof Request.Message || request instanceof Request.UploadFile;
        // some requests take no turn at all (see Dispatch#unmetered): OPEN_URL of the server's own pages
        boolean free = dispatch.unmetered(request);
        if (free || requests.tryTake() && (!counted || messageRate.tryTake())) {
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        meters.counter("revenant.mig33.rate_limited", "what", counted ? "message" : "request").increment();
        if (refusedInARow > REFUSALS_BEFORE_DISCONNECT) {
            cutOff = true;
            log.info("event=flooder_disconnected user={} remote={}", LogText.escape(user()), connection.remoteAddress());
            meters.counter("revenant.mig33.disconnects", "cause", "flood").increment();
            connection.send(ServerPackets.sessionTerminated("You sent too much too fast"));
            connection.close();
        } else {
            send(ServerPackets.error(txn, ServerPackets.ERROR_UNDEFINED, "Slow down: you are sending too fast"));
        }
        return false;
    }

    /** Answers {@code request} with ERROR (undefined) and {@code text}. */
    public void error(Request request, String text) {
        send(ServerPackets.error(request.txn(), ServerPackets.ERROR_UNDEFINED, text));
    }

    /** True once, at the first contact list: what waited for this user (messages, requests, files) follows it. */
    public boolean firstContactList() {
        if (offlineDelivered) {
            return false;
        }
        offlineDelivered = true;
        return true;
    }

    /**
     * What waited for this user could not all be handed over (the store failed on the way): the next contact
     * list tries again, rather than the next login. What was handed over is marked delivered, so nothing comes
     * twice.
     */
    public void waitingNotAllDelivered() {
        offlineDelivered = false;
    }

    /** SET_PRESENCE (600). */
    public void setPresence(Request.SetPresence r) {
        if (!Presence.isValid(r.presence())) {
            error(r, "Invalid presence");
            return;
        }
        presence = (int) r.presence();
        // answered once every node can read it: an invitation sent the moment after must see it, wherever it
        // is asked (a group chat refuses an invisible user and takes a visible one)
        publishPresence().whenComplete((written, e) -> send(ServerPackets.ok(r.txn(), "Presence set")));
    }

    // ---- state the services change ----

    public void registering(Captcha shown) {
        captcha = shown;
    }

    public Captcha takeCaptcha() {
        Captcha shown = captcha;
        captcha = null;
        return shown;
    }

    public void challenged(PendingLogin challenge) {
        pending = challenge;
        state = State.CHALLENGED;
    }

    /** Whether a LOGIN was answered with a challenge that no LOGIN_RESPONSE has answered yet. */
    public boolean awaitsLoginResponse() {
        return state == State.CHALLENGED && pending != null;
    }

    /** The pending challenge, once: a second LOGIN_RESPONSE must start over. */
    public PendingLogin takePending() {
        PendingLogin p = state == State.CHALLENGED ? pending : null;
        pending = null;
        return p;
    }

    public void resetLogin() {
        state = State.NEW;
    }

    /** Completes a login: owns the user now, takes over from an earlier session, tells the watchers. */
    public void loggedIn(Account who, int initialPresence, int version) {
        // known before the session can be reached (the store may fail
        // here, before anything of the login has changed)
        List<String> blocks = permissionStore.usernames(who.id(), PermissionStore.BLOCK);
        if (!blocks.isEmpty()) {
            blockedSet().addAll(blocks);
        }
        this.account = who;
        this.presence = initialPresence;
        this.clientVersion = version;
        this.state = State.LOGGED_IN;
        this.since = clock.millis();
        connection.loggedIn();
        registry.claim(this).ifPresent(previous ->
                previous.end("You have logged in from another location"));
        meters.counter("revenant.mig33.logins").increment();
        log.info("event=login user={} remote={} client_version={}", LogText.escape(who.username()), connection.remoteAddress(), version);
    }

    /**
     * Starts following a contact's presence, and (contact requests, privacy, profile) their status message and
     * display picture: one subscription for both, so that whoever may see the one sees the other.
     */
    public void follow(String contactUser, int contactId) {
        // the name is interned: every session that lists a user then shares one copy of the name
        String user = contactUser.intern();
        synchronized (this) {
            Followed now = follows;
            int known = now.indexOf(user);
            if (known >= 0) {
                follows = now.withId(known, contactId);
                return;
            }
            // listed first: what the topic carries from the moment of joining finds the contact's id
            follows = now.with(user, contactId);
            bus.join(presenceTopic(user), fromContacts);
        }
    }

    /** Presence, status message or display picture of a contact, published on their topic. */
    private void heardFromContact(Delivery d) {
        if (state != State.LOGGED_IN) {
            return;
        }
        Push push = Pushes.fromDelivery(d);
        if (push instanceof Push.Presence p) {
            contactIdOf(p.user(), id -> send(ServerPackets.presence(id, p.presence())));
        } else if (push instanceof Push.StatusMessage m) {
            contactIdOf(m.user(), id -> send(ServerPackets.statusMessage(id, m.statusMessage(), m.timestamp())));
        } else if (push instanceof Push.DisplayPicture m) {
            contactIdOf(m.user(), id -> send(ServerPackets.displayPicture(id, m.displayPicture(), m.timestamp())));
        }
    }

    private void contactIdOf(String user, IntConsumer then) {
        Followed now = follows;
        int i = now.indexOf(user);
        if (i >= 0) {
            then.accept(now.ids[i]);
        }
    }

    /** The followed contacts' names and ids, side by side; never changed, only replaced. */
    private record Followed(String[] users, int[] ids) {
        static final Followed NONE = new Followed(new String[0], new int[0]);

        int indexOf(String user) {
            for (int i = 0; i < users.length; i++) {
                if (users[i].equals(user)) {
                    return i;
                }
            }
            return -1;
        }

        Followed with(String user, int id) {
            String[] u = Arrays.copyOf(users, users.length + 1);
            int[] n = Arrays.copyOf(ids, ids.length + 1);
            u[users.length] = user;
            n[ids.length] = id;
            return new Followed(u, n);
        }

        Followed withId(int i, int id) {
            int[] n = ids.clone();
            n[i] = id;
            return new Followed(users, n);
        }

        Followed without(int i) {
            String[] u = new String[users.length - 1];
            int[] n = new int[ids.length - 1];
            System.arraycopy(users, 0, u, 0, i);
            System.arraycopy(users, i + 1, u, i, users.length - i - 1);
            System.arraycopy(ids, 0, n, 0, i);
            System.arraycopy(ids, i + 1, n, i, ids.length - i - 1);
            return new Followed(u, n);
        }
    }

    private void stopFollowing(String contactUser) {
        synchronized (this) {
            Followed now = follows;
            int i = now.indexOf(contactUser);
            if (i < 0) {
                return;
            }
            follows = now.without(i);
        }
        bus.leave(presenceTopic(contactUser), fromContacts);
    }

    /** Follows a contact who just became visible, and shows where they are now. */
    public void followAndShow(String contactUser, int contactId) {
        follow(contactUser, contactId);
        send(ServerPackets.presence(contactId, presenceOf(contactUser)));
    }

    /** Stops following a contact who no longer lets this user see them; they now show offline. */
    void hide(String contactUser, int contactId) {
        stopFollowing(contactUser);
        send(ServerPackets.presence(contactId, Presence.OFFLINE));
    }

    public void block(String other) {
        blockedSet().add(other);
    }

    public void unblock(String other) {
        Set<String> now = blocked;
        if (now != null) {
            now.remove(other);
        }
    }

    /** Whether this user blocks {@code other}; from memory, for the message path. */
    public boolean blocks(String other) {
        Set<String> now = blocked;
        return now != null && now.contains(other);
    }

    private Set<String> blockedSet() {
        Set<String> now = blocked;
        if (now == null) {
            synchronized (this) {
                now = blocked;
                if (now == null) {
                    now = ConcurrentHashMap.newKeySet();
                    blocked = now;
                }
            }
        }
        return now;
    }

    /** Follows a contact who just became visible, with the status message and display picture they have set. */
    public CompletionStage<Boolean> followed(Push.Follow f) {
        followAndShow(f.user(), f.contactId());
        if (f.statusMessage() != null) {
            send(ServerPackets.statusMessage(f.contactId(), f.statusMessage(), f.statusMessageAt()));
        }
        if (f.displayPicture() != null) {
            send(ServerPackets.displayPicture(f.contactId(), f.displayPicture(), f.displayPictureAt()));
        }
        return CompletableFuture.completedFuture(true);
    }

    /** Hides a contact who no longer lets this user see them. */
    public CompletionStage<Boolean> hidden(Push.Hide h) {
        hide(h.user(), h.contactId());
        return CompletableFuture.completedFuture(true);
    }

    /** Stops following a contact (removed from the list). */
    public void unfollow(String contactUser) {
        stopFollowing(contactUser);
    }

    /** Tells the contacts, and the session directory; completes once other nodes can read the new presence. */
    public CompletionStage<?> publishPresence() {
        CompletionStage<?> written = registry.changed(this); // other nodes read a user's presence from the session directory
        bus.publish(presenceTopic(account.username()), new Push.Presence(account.username(), presence).toDelivery());
        return written;
    }

    public static String presenceTopic(String user) {
        return "mig33.presence." + user;
    }

    /** The current presence of another user. */
    public int presenceOf(String user) {
        return presences.presenceOf(user);
    }

    public CompletionStage<Boolean> send(Packet p) {
        return connection.send(p);
    }

    /**
     * Writes {@code p} behind everything handed to this connection before, from any thread: an answer sent
     * from another connection's event loop, and the next answer, sent on this connection's own loop, go out in
     * that order. The connection keeps the order ({@link Connection#push}); on its own loop with nothing queued
     * it writes at once, so the OK of a message delivered here follows the delivery in the same breath.
     */
    public void sendInTurn(Packet p) {
        connection.push(p);
    }

    public Account account() {
        return account;
    }

    public String pageToken() {
        String now = pageToken;
        if (now == null) {
            synchronized (this) {
                now = pageToken;
                if (now == null) {
                    now = newPageToken();
                    pageToken = now;
                }
            }
        }
        return now;
    }

    /** Whether this session's page token is {@code token} (compared in constant time); false before it has one. */
    public boolean hasPageToken(byte[] token) {
        String now = pageToken;
        return now != null && MessageDigest.isEqual(now.getBytes(StandardCharsets.US_ASCII), token);
    }

    private static final SecureRandom TOKENS = new SecureRandom();

    private static String newPageToken() {
        byte[] bytes = new byte[16];
        TOKENS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public int clientVersion() {
        return clientVersion;
    }

    public State state() {
        return state;
    }

    public Connection connection() {
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
        Followed followed;
        synchronized (this) {
            followed = follows;
            follows = Followed.NONE;
        }
        for (String user : followed.users) {
            bus.leave(presenceTopic(user), fromContacts);
        }
        if (was == State.LOGGED_IN) {
            // a lost connection counts as leaving its group chats and rooms ("alice has left"), before watchers
            // see the user go offline; whatever goes wrong there must not keep the user registered
            dispatch.closed(this);
            boolean owner = registry.release(this);
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
    private static final List<String> PUBLISHED = List.of("presence", "clientVersion", "address", "since", "transport");

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
    public Map<String, String> attributes() {
        Map<String, String> all = new java.util.HashMap<>();
        for (String name : PUBLISHED) {
            String value = attribute(name);
            if (value != null) {
                all.put(name, value);
            }
        }
        return all;
    }

    @Override
    public CompletionStage<Boolean> deliver(Delivery d) {
        Push push = Pushes.fromDelivery(d);
        if (state != State.LOGGED_IN || push == null) {
            return CompletableFuture.completedFuture(false);
        }
        return dispatch.deliver(this, push);
    }

    /** Ended by the server: another login took the user over, or the server is shutting down. */
    @Override
    public void end(String reason) {
        replaced = true;
        meters.counter("revenant.mig33.disconnects", "cause", "takeover").increment();
        connection.send(ServerPackets.sessionTerminated(reason));
        connection.close();
    }

    /** Ends the session for a server shutdown: the client is told, and watchers see it go offline. */
    public void shutdown(String reason) {
        connection.send(ServerPackets.sessionTerminated(reason));
        connection.close();
    }
}
