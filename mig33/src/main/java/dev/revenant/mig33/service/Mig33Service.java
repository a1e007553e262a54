package dev.revenant.mig33.service;

import dev.revenant.core.limits.Attempts;
import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.limits.FailureThrottle;
import dev.revenant.core.limits.LoginAttempts;
import dev.revenant.core.limits.LoginThrottle;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.service.contacts.ContactListService;
import dev.revenant.mig33.service.contacts.Privacy;
import dev.revenant.mig33.service.contacts.RequestsPage;
import dev.revenant.mig33.service.groupchats.GroupChatDirectory;
import dev.revenant.mig33.service.groupchats.GroupChats;
import dev.revenant.mig33.service.groupchats.LocalGroupChatDirectory;
import dev.revenant.mig33.service.groupchats.RedisGroupChatDirectory;
import dev.revenant.mig33.service.login.LoginFlow;
import dev.revenant.mig33.service.login.UsernameCheck;
import dev.revenant.mig33.service.media.Pictures;
import dev.revenant.mig33.service.messages.PrivateMessages;
import dev.revenant.mig33.service.profile.ProfileService;
import dev.revenant.mig33.service.profile.SettingsPages;
import dev.revenant.mig33.service.rooms.ChatRooms;
import dev.revenant.mig33.service.rooms.LocalRoomRoster;
import dev.revenant.mig33.service.rooms.RedisRoomRoster;
import dev.revenant.mig33.service.rooms.RoomRoster;
import dev.revenant.mig33.service.rooms.RoomSearchPage;
import dev.revenant.mig33.service.upkeep.ClientUpkeep;
import dev.revenant.mig33.session.Blocklist;
import dev.revenant.mig33.session.Connection;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.PresenceDirectory;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.web.PhoneForms;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The mig33 gateway's behaviour, shared by every connection: opens a session per connection. */
public final class Mig33Service {
    private final Mig33Context ctx;
    private final ContactListService contactList;
    private final LoginFlow login;
    private final ClientUpkeep upkeep;
    private final PrivateMessages messages;
    private final Privacy privacy;
    private final ProfileService profiles;
    private final SettingsPages settingsPages;
    private final GroupChats groupChats;
    private final Pictures pictures;
    private final ChatRooms rooms;
    private final WebAddress web = new WebAddress();
    private final UsernameCheck usernameCheck;
    private final Dispatch dispatch = new Dispatch();
    /** The state that is per node today, behind the interfaces several nodes will share. */
    private final Blocklist blocklist;
    private final PresenceDirectory presences;
    /** This node's subscription to announcements to everyone, until shutdown. */
    private final MessageBus.Subscription alerts;

    public Mig33Service(Mig33Context ctx) {
        this.ctx = ctx;
        Mig33Config config = ctx.config();
        this.blocklist = Blocklist.of(ctx.registry(), ctx.permissions());
        this.presences = PresenceDirectory.of(ctx.registry());
        // with several nodes the gateway's registry is the community's, whose directory ids name the seats
        RoomRoster roster = ctx.cluster() != null
                ? new RedisRoomRoster(ctx.cluster().node(), ctx.cluster().registry(), ctx.workers())
                : new LocalRoomRoster();
        GroupChatDirectory groupChatDirectory = ctx.cluster() != null
                ? new RedisGroupChatDirectory(ctx.cluster().node(), ctx.cluster().registry(), ctx.workers())
                : new LocalGroupChatDirectory();
        // on several nodes the counts are the community's, in Redis: else N nodes would allow N times the guesses
        LoginAttempts loginFailures = ctx.cluster() != null
                ? new dev.revenant.cluster.RedisLoginAttempts(ctx.cluster().node(), Mig33Context.SERVICE,
                        config.loginFailuresBeforeLockout(), config.lockout(), config.maxLockout(), ctx.clock(),
                        config.loginRecords())
                : new LoginThrottle(config.loginFailuresBeforeLockout(), config.lockout(), config.maxLockout(),
                        ctx.clock(), config.loginRecords());
        // after the hourly allowance an address waits an hour
        Attempts registrations = ctx.cluster() != null
                ? new dev.revenant.cluster.RedisAttempts(ctx.cluster().node(), "mig33.registrations",
                        config.registrationsPerAddressPerHour(), Duration.ofHours(1), Duration.ofHours(1), ctx.clock(),
                        config.loginRecords())
                : new FailureThrottle(config.registrationsPerAddressPerHour(), Duration.ofHours(1), Duration.ofHours(1),
                        ctx.clock(), config.loginRecords());
        this.contactList = new ContactListService(ctx.config(), ctx.accounts(), ctx.contacts(), ctx.requests(),
                ctx.permissions(), ctx.profiles(), ctx.bus(), ctx.clock(), ctx.meters(), web);
        this.usernameCheck = new UsernameCheck(ctx.accounts());
        this.login = new LoginFlow(ctx.config(), ctx.accounts(), ctx.secrets(), ctx.clock(), ctx.meters(), contactList,
                web, loginFailures, registrations);
        this.messages = new PrivateMessages(ctx.config(), ctx.offline(), ctx.bus(), ctx.workers(),
                ctx.clock(), ctx.meters());
        this.rooms = new ChatRooms(ctx.config(), ctx.chatRooms(), ctx.bus(), ctx.clock(), ctx.meters(),
                roster, ctx.workers());
        this.privacy = new Privacy(ctx.config(), ctx.accounts(), ctx.requests(), ctx.permissions(),
                contactList.requests());
        this.profiles = new ProfileService(ctx.config(), ctx.accounts(), ctx.profiles(), ctx.secrets(), ctx.bus(),
                ctx.clock(), ctx.meters(), loginFailures);
        this.groupChats = new GroupChats(ctx.config(), ctx.accounts(), ctx.contacts(), ctx.requests(),
                ctx.permissions(), ctx.registry(), ctx.bus(), ctx.clock(), ctx.meters(), blocklist,
                groupChatDirectory);
        // an uploaded display picture is shown to contacts like one set with SET_DISPLAY_PICTURE
        this.pictures = new Pictures(ctx.config(), ctx.accounts(), ctx.pictures(), ctx.registry(), ctx.bus(),
                ctx.workers(), ctx.clock(), ctx.meters(), blocklist, web, profiles::showDisplayPicture);
        this.settingsPages = new SettingsPages(ctx.profiles(), ctx.registry(), profiles, web);
        this.upkeep = new ClientUpkeep(ctx.config(), ctx.accounts(), ctx.profiles(), ctx.registry(), ctx.bus(),
                ctx.clock(), ctx.meters(), pictures::fromUrl, new RequestsPage(web, contactList.requests(), privacy),
                settingsPages, new RoomSearchPage(ctx.config(), ctx.chatRooms(), rooms::present), web);
        register();
        this.alerts = ctx.bus().subscribe(ALERTS, this::alertHere);
    }

    /** Fills the dispatch table: each family registers its requests; the session's own are here. */
    private void register() {
        dispatch.beforeLogin(Request.Ping.class, (s, r) -> s.send(ServerPackets.pong(r.txn())));
        dispatch.beforeLogin(Request.Logout.class, (s, r) -> s.connection().close());
        login.register(dispatch);
        upkeep.register(dispatch);
        dispatch.loggedIn(Request.GetContacts.class, (s, r) -> {
            contactList.send(s, r);
            deliverWaiting(s);
        });
        dispatch.loggedIn(Request.HaveLatestContactList.class, (s, r) -> {
            contactList.confirmLatest(s, r);
            deliverWaiting(s);
        });
        contactList.register(dispatch);
        contactList.requests().register(dispatch, privacy);
        privacy.register(dispatch);
        profiles.register(dispatch);
        dispatch.loggedIn(Request.SetPresence.class, Mig33Session::setPresence);
        // what follows from the session's own state: whom it follows
        dispatch.push(Push.Follow.class, Mig33Session::followed);
        dispatch.push(Push.Hide.class, Mig33Session::hidden);
        dispatch.push(Push.Alert.class, (s, a) -> s.send(ServerPackets.alert(1, a.title(), a.text())));
        messages.register(dispatch);
        pictures.register(dispatch);
        groupChats.register(dispatch);
        rooms.register(dispatch);
        dispatch.requireEveryRequestServed();
    }

    /** What waited for this user (messages, contact requests, pictures) follows the first contact list. */
    private void deliverWaiting(Mig33Session s) {
        if (s.firstContactList()) {
            try {
                messages.deliverStored(s);
                contactList.requests().deliverPending(s);
                pictures.deliverPending(s);
            } catch (RuntimeException e) {
                s.waitingNotAllDelivered();
                throw e;
            }
        }
    }

    Dispatch dispatch() {
        return dispatch;
    }

    /**
     * Sends ALERT (5) to one user ({@code user} non-null), through the bus, wherever they are; completes with
     * 1 if their session took it. To everyone: published on {@link #ALERTS}, which each node hands to its
     * own sessions; completes with the users online in the whole community.
     */
    public CompletableFuture<Integer> alert(String user, String title, String text) {
        Delivery alert = new Push.Alert(title == null ? "" : title, text).toDelivery();
        if (user == null) {
            ctx.bus().publish(ALERTS, alert);
            return CompletableFuture.completedFuture(ctx.registry().online(Mig33Context.SERVICE));
        }
        return ctx.bus().deliver(Mig33Context.SERVICE, Usernames.normalize(user), alert).toCompletableFuture()
                .exceptionally(e -> false).thenApply(took -> took ? 1 : 0);
    }

    /** The bus topic of announcements to everyone: every node hands them to its own sessions. */
    static final String ALERTS = "mig33.alerts";

    /** This node's part of an announcement to everyone. */
    private void alertHere(Delivery alert) {
        for (SessionHandle s : ctx.registry().sessions(Mig33Context.SERVICE)) {
            s.deliver(alert);
        }
    }

    /** Deletes what has outlived its bounds as of {@code now} (ms): expired waiting messages, unused user rooms. */
    public void sweep(long now) {
        messages.expire(now);
        rooms.expire(now);
    }

    public Mig33Session open(Connection connection) {
        return new Mig33Session(ctx.config(), ctx.permissions(), ctx.registry(), ctx.bus(), ctx.clock(), ctx.meters(),
                dispatch, presences, connection);
    }

    /** Tells every logged-in user of this node that the server is going away, and closes their sessions. */
    public void shutdown(String reason) {
        alerts.close();
        List<SessionHandle> live = ctx.registry().sessions(Mig33Context.SERVICE);
        for (var handle : live) {
            if (handle instanceof Mig33Session s) {
                s.shutdown(reason);
            }
        }
    }

    Mig33Context context() {
        return ctx;
    }

    /** The registration's username check of 4.30–4.62 (see {@link UsernameCheck}): "[]" for a free name. */
    public String checkUsername(String username) {
        return usernameCheck.check(username);
    }

    /** The HTTP listener's {@code /mig33/...}: what OPEN_URL would answer for that URL. */
    public WebPage web(String path) {
        return upkeep.web(path);
    }

    /**
     * A page under a session's account page ({@code /mig33/account/<token>...}) fetched over HTTP, as 3.x
     * and 4.05 fetch it: {@code tail} follows {@code /mig33/account/}, {@code form} is what was sent (the
     * query, or a POST's fields). Empty when no session here holds the token.
     */
    public Optional<WebPage> accountPage(String tail, Map<String, String> form) {
        return settingsPages.overHttp(tail, form).map(WebPage::html);
    }

    /** A form's fields as a phone posts them ({@code name=value&...}, only spaces escaped). */
    public static Map<String, String> formOf(String body) {
        return PhoneForms.formOf(body);
    }

    /** The page of a file someone sent, by its token ({@code /view/<token>}), or empty. */
    public Optional<WebPage> filePage(String token) {
        return pictures.find(token).map(file -> WebPage.html(ClientUpkeep.filePage(file)));
    }

    ContactListService contactList() {
        return contactList;
    }

    GroupChats groupChats() {
        return groupChats;
    }

    /** Pictures: their URLs, and the lookup the HTTP listener serves them with. */
    public Pictures pictures() {
        return pictures;
    }

    /** Where phones reach the HTTP listener, and the URLs built on it. */
    public WebAddress web() {
        return web;
    }

    ChatRooms rooms() {
        return rooms;
    }
}
