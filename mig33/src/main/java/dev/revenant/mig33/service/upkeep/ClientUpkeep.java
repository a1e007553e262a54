package dev.revenant.mig33.service.upkeep;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.service.contacts.RequestsPage;
import dev.revenant.mig33.service.media.ImageSize;
import dev.revenant.mig33.service.media.Pictures;
import dev.revenant.mig33.service.profile.ProfilePage;
import dev.revenant.mig33.service.profile.SettingsPages;
import dev.revenant.mig33.service.rooms.RoomSearchPage;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.store.StoredPicture;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the real MIDlets send on their own, beside what their user asks for: crash reports (REPORT) and the
 * home pages they fetch through the gateway (OPEN_URL). Each gets an answer the client takes quietly: an
 * ERROR here would pop up a dialog on the phone for something its user never asked for.
 */
public final class ClientUpkeep {
    private static final Logger log = LoggerFactory.getLogger(ClientUpkeep.class);
    /** How long a client may keep a page this server has nothing for before asking again: an hour. */
    static final long EMPTY_PAGE_TTL_MILLIS = 3_600_000L;
    static final int HTTP_NOT_FOUND = 404;
    /** A report's text as logged: enough for a stack trace's first lines, not a log flood. */
    static final int MAX_REPORT_CHARS = 1000;

    /** OPEN_URL field 4: what the client will do with the answer. */
    static final int FOR_IMAGE = Request.OpenUrl.FOR_IMAGE;
    static final int HTTP_OK = 200;
    /**
     * A transparent 1×1 PNG: the answer to an image this server does not have. The clients show an error
     * for a page that is not 200 and ask again and again for an image that is not (seen with 4.62).
     */
    static final byte[] NO_IMAGE = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806"
            + "0000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082");

    /** The badge of reputation level 1 (a 12×12 PNG), the one LOGIN_OK's ReputationImagePath names. */
    static final byte[] REPUTATION_BADGE = resource("reputation-1-12x12.png");

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final ProfileStore profileStore;
    private final SessionRegistry registry;
    private final MessageBus bus;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Function<String, Optional<StoredPicture>> pictures;
    private final RequestsPage requestsPage;
    private final WebAddress web;
    private final ProfilePage profilePage;
    private final SettingsPages settingsPages;
    private final RoomSearchPage roomSearch;

    /**
     * @param pictures the stored picture a URL names, if it is one of this server's
     * @param requestsPage the page of a user's waiting contact requests
     * @param settingsPages the pages of the user's own password and profile
     * @param roomSearch the chat room search page
     */
    public ClientUpkeep(Mig33Config config, AccountStore accountStore, ProfileStore profileStore,
                    SessionRegistry registry, MessageBus bus, Clock clock, MeterRegistry meters, Function<String,
                    Optional<StoredPicture>> pictures,
                 RequestsPage requestsPage, SettingsPages settingsPages, RoomSearchPage roomSearch, WebAddress web) {
        this.config = config;
        this.accountStore = accountStore;
        this.profileStore = profileStore;
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
        this.meters = meters;
        this.pictures = pictures;
        this.requestsPage = requestsPage;
        this.settingsPages = settingsPages;
        this.roomSearch = roomSearch;
        this.web = web;
        this.profilePage = new ProfilePage(accountStore, profileStore);
    }

    /** Registers what the clients send unprompted; served before login too. */
    public void register(Dispatch d) {
        d.beforeLogin(Request.Report.class, this::report);
        d.beforeLogin(Request.OpenUrl.class, this::openUrl);
        d.beforeLogin(Request.GetHelpText.class, (s, r) -> s.send(ServerPackets.helpText(r.txn(), helpText())));
        d.beforeLogin(Request.GetUrl.class, (s, r) -> s.send(ServerPackets.ok(r.txn(), url(s, r))));
        // the 4.x clients ask for a picture they could not file at every repaint, and the answer is the
        // server's own page or picture; a stored picture's URL reads the store: counted
        d.unmetered(r -> r instanceof Request.OpenUrl open && !Pictures.isPictureUrl(open.url()));
    }

    /**
     * OPEN_URL (922: 1 method, 2 URL, 3 a form's fields, 4 what for): the 4.x clients fetch their home page and pictures through
     * the gateway. A page is this server's own small home page (which server this is, who is online); an
     * image is the empty picture. Nothing is fetched from elsewhere: the gateway is no open proxy.
     */
    private void openUrl(Mig33Session s, Request.OpenUrl r) {
        String url = r.url();
        // a stored picture only for a logged-in user: before login OPEN_URL reads nothing from the store
        Optional<StoredPicture> file = s.account() == null
                ? Optional.empty() : pictures.apply(url);
        if (r.purpose() == FOR_IMAGE) {
            byte[] image = file.filter(pic -> pic.contentType().startsWith("image/"))
                    .map(StoredPicture::content).orElse(ownImage(url));
            s.send(ServerPackets.openUrlResponse(r.txn(), HTTP_OK, image, EMPTY_PAGE_TTL_MILLIS));
            return;
        }
        String parameter = r.parameter() == null ? "" : r.parameter();
        // "View now?" on a file someone sent opens its URL as a page (4.20-4.62): the file's page
        String page = file.isPresent() ? filePage(file.get(), Pictures.fileUrlFor(url))
                : s.account() != null && requestsPage.names(url) ? requestsPage.answer(s, url)
                : s.account() != null && settingsPages.names(url) ? settingsPages.answer(s, url, parameter)
                : s.account() != null && RoomSearchPage.names(url) ? roomSearch.answer(url, parameter)
                : s.account() != null && web.isProfilePage(url) ? profilePage.answer(url)
                : s.account() != null ? WebAddress.siteProfileOf(url, s.user())
                        .map(name -> profilePage.answer(web.profilePage(name))).orElseGet(this::homePage)
                : homePage();
        s.send(ServerPackets.openUrlResponse(r.txn(), HTTP_OK, page.getBytes(StandardCharsets.UTF_8), 0));
    }

    /** The badge, or the empty picture: the images this server has of its own. */
    private static byte[] ownImage(String url) {
        return WebAddress.isReputationImage(url) ? REPUTATION_BADGE : NO_IMAGE;
    }

    /**
     * What OPEN_URL answers, for the same URL fetched with plain HTTP: a phone on mig33 over HTTP fetches
     * LOGIN_OK's PageletUrl, ImageServerURL and reputation badge itself (4.30 asked for the badge 723 times
     * in 36 s while the listener answered 404). An image is the badge or the empty picture, anything else the
     * home page; stored pictures have their own URLs ({@code /files/<token>}).
     */
    public WebPage web(String path) {
        if (path.startsWith(WebAddress.IMAGES_PATH) || WebAddress.isReputationImage(path)) {
            return new WebPage("image/png", ownImage(path));
        }
        String page = web.isProfilePage(path) ? profilePage.answer(path) : homePage();
        return WebPage.html(page);
    }

    /** GET_URL (910) 1 URLType: a user's profile, the own profile. */
    static final int USER_PROFILE = 2;
    static final int MY_PROFILE = 3;
    /** 3.x My Account, 4.05 Manage Account. */
    static final int MY_ACCOUNT = 4;
    /** 4.05 Edit Profile. */
    static final int EDIT_PROFILE = 12;

    /**
     * GET_URL (910: 1 URLType, 2 ProfileName) is answered, as the original did, with OK carrying a URL (1):
     * a user's profile page (USER_PROFILE with a name; MY_PROFILE), the session's account page (MY_ACCOUNT)
     * or its Edit Profile form (EDIT_PROFILE), else this server's home page, which
     * stands for the original's other pages (scrapbook, store, settings: 23 kinds) that this server does not
     * have. Works before login too, as the original's did (a profile's URL needs no session).
     */
    private String url(Mig33Session s, Request.GetUrl r) {
        String name = r.profileName();
        return switch (r.urlType()) {
            case USER_PROFILE -> !name.isBlank() ? web.profilePage(Usernames.normalize(name))
                    : s.user() != null ? web.profilePage(s.user()) : web.pageletUrl();
            case MY_PROFILE -> s.user() != null ? web.profilePage(s.user()) : web.pageletUrl();
            case MY_ACCOUNT -> s.user() != null ? web.accountPage(s.pageToken()) : web.pageletUrl();
            case EDIT_PROFILE -> s.user() != null ? web.accountPage(s.pageToken()) + SettingsPages.PROFILE_TAIL : web.pageletUrl();
            default -> web.pageletUrl();
        };
    }

    /**
     * The page of a file someone sent, which "View now?" opens (FILE_RECEIVED names {@code /view/<token>}):
     * titled with what the file is (Picture, Sound, Video), its description as its text. 3.00–4.05 fetch the
     * page over HTTP themselves and get it so; the file itself is at {@code /files/<token>}.
     */
    public static String filePage(StoredPicture file) {
        return WebPage.document(kindOf(file), "<p>" + WebPage.escape(description(file)) + "</p>");
    }

    /** Phone-sized: a picture at most this wide, tall and large is shown inline on the 4.20+ file page. */
    static final int MAX_INLINE_WIDTH = 160;
    static final int MAX_INLINE_HEIGHT = 240;
    static final int MAX_INLINE_BYTES = 32 * 1024;

    /**
     * The file's page as the 4.20+ browsers get it through the gateway, with a phone-sized picture shown in
     * it: {@code <img>} with the picture's own width and height (those browsers draw it unscaled, need both,
     * quoted plain numbers, and fetch it at once with OPEN_URL for an image), at {@code imageUrl}. A larger
     * picture is left out: they decode it whole, and 4.20's reader thread dies on an OutOfMemoryError.
     */
    public static String filePage(StoredPicture file, String imageUrl) {
        Optional<ImageSize> size = file.contentType().startsWith("image/") && file.size() <= MAX_INLINE_BYTES
                ? ImageSize.of(file.content()).filter(s -> s.width() <= MAX_INLINE_WIDTH && s.height() <= MAX_INLINE_HEIGHT)
                : Optional.empty();
        String picture = size.map(s -> "<p><img src=\"" + WebPage.escape(imageUrl) + "\" width=\"" + s.width() + "\" height=\""
                + s.height() + "\"></p>").orElse("");
        return WebPage.document(kindOf(file), picture + "<p>" + WebPage.escape(description(file)) + "</p>");
    }

    private static String kindOf(StoredPicture file) {
        return file.contentType().startsWith("audio/") ? "Sound" : file.contentType().startsWith("video/") ? "Video" : "Picture";
    }

    /** What the file page says: the sender's description, else what the file is ("A picture"). */
    private static String description(StoredPicture file) {
        return file.description() != null && !file.description().isBlank() ? file.description()
                : "A " + kindOf(file).toLowerCase(Locale.ROOT);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ClientUpkeep.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * GET_HELP_TEXT (7: 1 the page's id) gets HELP_TEXT (6), whatever the id, before login too: the original
     * kept a help page per id in its database (3.08's registration form asks for id 5), and an ERROR here
     * would be a dialog where the user asked for help. This server has one page: which server this is.
     */
    private String helpText() {
        return config.messageOfTheDay() + " Ask the people who run this server if you need more help.";
    }

    private String homePage() {
        long online = registry.online(Mig33Context.SERVICE);
        return WebPage.document("mig33", "<p>" + WebPage.escape(config.messageOfTheDay()) + "</p><p>" + online
                + (online == 1 ? " person is" : " people are") + " online now.</p>");
    }


    /**
     * REPORT (10: 1 report type, 2 description) is how a client tells of its own crash, on its next start:
     * logged once at WARN with who and which client, and counted, so an operator sees a client break.
     * The clients take a plain OK.
     */
    private void report(Mig33Session s, Request.Report r) {
        String text = r.description();
        if (text.length() > MAX_REPORT_CHARS) {
            text = text.substring(0, MAX_REPORT_CHARS) + "…";
        }
        meters.counter("revenant.mig33.client_reports").increment();
        // the operator's list of crash reports (admin API, console) listens on this topic, wherever it runs
        bus.publish(Mig33Context.CLIENT_REPORTS_TOPIC, new Push.ClientReport(s.user() == null ? "" : s.user(),
                s.clientVersion(), r.reportType(), String.valueOf(s.connection().remoteAddress()), clock.millis(),
                text).toDelivery());
        log.warn("event=client_report user={} client_version={} report_type={} remote={} text=\"{}\"",
                s.user() == null ? "-" : LogText.escape(s.user()), s.clientVersion(), r.reportType(), s.connection().remoteAddress(),
                LogText.escape(text));
        s.send(ServerPackets.ok(r.txn(), ""));
    }
}
