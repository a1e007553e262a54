package dev.revenant.mig33.service;

import java.util.List;

/** The mig33 gateway's behaviour, shared by every connection: opens a session per connection. */
public final class Mig33Service {
    private final Mig33Context ctx;
    private final ContactListService contactList;
    private final LoginFlow login;
    private final ClientUpkeep upkeep;
    private final PrivateMessages messages;
    // contact requests, privacy, profile
    private final Privacy privacy;
    private final ProfileService profiles;
    private final SettingsPages settingsPages;
    // group chats
    private final GroupChats groupChats;
    // pictures
    private final Pictures pictures;
    private final ChatRooms rooms; // chat rooms
    private final WebAddress web = new WebAddress();
    private final UsernameCheck usernameCheck;

    public Mig33Service(Mig33Context ctx) {
        this.ctx = ctx;
        this.contactList = new ContactListService(ctx, web);
        this.usernameCheck = new UsernameCheck(ctx);
        this.login = new LoginFlow(ctx, contactList, web);
        this.messages = new PrivateMessages(ctx);
        this.rooms = new ChatRooms(ctx); // chat rooms
        // contact requests, privacy, profile
        this.privacy = new Privacy(ctx, contactList.requests());
        this.profiles = new ProfileService(ctx, login.failures());
        this.groupChats = new GroupChats(ctx);
        // an uploaded display picture is shown to contacts like one set with SET_DISPLAY_PICTURE
        this.pictures = new Pictures(ctx, web, profiles::showDisplayPicture);
        this.settingsPages = new SettingsPages(ctx, profiles, web);
        this.upkeep = new ClientUpkeep(ctx, pictures::fromUrl, new RequestsPage(web, contactList.requests(), privacy),
                settingsPages, new RoomSearchPage(ctx, rooms::present), web);
    }

    // contact requests, privacy, profile
    /**
     * Sends ALERT (5) to one user ({@code user} non-null) or to everyone logged in, through the bus, so
     * that it reaches sessions wherever they live. Completes with how many sessions took it.
     */
    public java.util.concurrent.CompletableFuture<Integer> alert(String user, String title, String text) {
        List<String> users = user != null ? List.of(Usernames.normalize(user))
                : ctx.registry().sessions(Mig33Context.SERVICE).stream()
                        .map(dev.revenant.core.session.SessionHandle::user).distinct().toList();
        dev.revenant.core.bus.Delivery alert = dev.revenant.core.bus.Delivery.of(Mig33Session.KIND_ALERT,
                "title", title == null ? "" : title, "text", text);
        List<java.util.concurrent.CompletableFuture<Boolean>> sent = users.stream()
                .map(u -> ctx.bus().deliver(Mig33Context.SERVICE, u, alert).toCompletableFuture()
                        .exceptionally(e -> false))
                .toList();
        return java.util.concurrent.CompletableFuture.allOf(sent.toArray(new java.util.concurrent.CompletableFuture[0]))
                .thenApply(v -> (int) sent.stream().filter(java.util.concurrent.CompletableFuture::join).count());
    }

    /** Deletes what has outlived its bounds as of {@code now} (ms): expired waiting messages, unused user rooms. */
    public void sweep(long now) {
        messages.expire(now);
        rooms.expire(now);
    }

    Privacy privacy() {
        return privacy;
    }

    ProfileService profiles() {
        return profiles;
    }

    public Mig33Session open(Connection connection) {
        return new Mig33Session(this, connection);
    }

    /** Tells every logged-in user that the server is going away, and closes their sessions. */
    public void shutdown(String reason) {
        List<dev.revenant.core.session.SessionHandle> live = ctx.registry().sessions(Mig33Context.SERVICE);
        for (var handle : live) {
            if (handle instanceof Mig33Session s) {
                s.shutdown(reason);
            }
        }
    }

    Mig33Context context() {
        return ctx;
    }

    LoginFlow login() {
        return login;
    }

    ClientUpkeep upkeep() {
        return upkeep;
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
    public java.util.Optional<WebPage> accountPage(String tail, java.util.Map<String, String> form) {
        return settingsPages.overHttp(tail, form).map(WebPage::html);
    }

    /** A form's fields as a phone posts them ({@code name=value&...}, only spaces escaped). */
    public static java.util.Map<String, String> formOf(String body) {
        return SettingsPages.formOf(body);
    }

    /** The page of a file someone sent, by its token ({@code /view/<token>}), or empty. */
    public java.util.Optional<WebPage> filePage(String token) {
        return pictures.find(token).map(file -> WebPage.html(ClientUpkeep.filePage(file)));
    }

    ContactListService contactList() {
        return contactList;
    }

    PrivateMessages messages() {
        return messages;
    }

    // group chats
    GroupChats groupChats() {
        return groupChats;
    }

    // pictures
    /** Pictures: their URLs, and the lookup the HTTP listener serves them with. */
    public Pictures pictures() {
        return pictures;
    }

    /** Where phones reach the HTTP listener, and the URLs built on it. */
    public WebAddress web() {
        return web;
    }

    // chat rooms
    ChatRooms rooms() {
        return rooms;
    }
}
