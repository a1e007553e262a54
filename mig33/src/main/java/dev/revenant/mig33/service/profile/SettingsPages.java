package dev.revenant.mig33.service.profile;

import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.ShownText;
import dev.revenant.mig33.store.Profile;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.web.PhoneForms;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The own account's pages that the 4.20+ clients open in their browser, through the gateway (OPEN_URL),
 * where the original kept them on its web site: Change Password (4.62: Menu, Settings, Change Password)
 * and Edit Profile (4.62: Menu, My mig, Edit Profile). None of these clients sends CHANGE_PASSWORD or
 * UPDATE_USER_PROFILE from its own screens: the page's form is the only way their users have.
 *
 * <p>The clients name the pages as the original's site did: {@code /my/settings/changepassword/} and
 * {@code /my/profile/edit/} (4.20, 4.30), {@code /sites/index.php?c=settings&a=change_password} and
 * {@code ?c=profile&a=edit} (4.50, 4.62), each on the PageletUrl's host. Their browsers send a form's
 * fields as {@code name=value&...} (OPEN_URL's Parameter for a POST form, the query for a GET one) with
 * only spaces escaped ({@code %20}): a value is taken as it stands, {@code +} included. 4.62 posts the
 * form as OPEN_URL Method 2 with the fields as Parameter (3), to the action's URL as the page wrote it
 * ({@code &amp;} and all).
 *
 * <p>3.x and 4.05 ask for the address of such a page (GET_URL: My Account, 4.05's Edit Profile) and fetch
 * it over HTTP themselves, where the listener knows no session: that address holds the session's own
 * token ({@link WebAddress#accountPage}), and {@link #overHttp} finds the session by it.
 *
 * <p>A form carries the session's own random token, as the requests page's links do: a form someone else
 * wrote (a link in a chat) changes nothing, so nobody can edit a user's profile by a link.
 */
public final class SettingsPages {
    static final String CHANGE_PASSWORD_PATH = "/my/settings/changepassword/";
    static final String EDIT_PROFILE_PATH = "/my/profile/edit/";
    /** The form's fields. */
    static final String TOKEN = "t";
    static final String OLD = "old";
    static final String NEW = "new";
    static final String AGAIN = "again";
    static final String DISPLAY_NAME = "displayName";
    static final String FIRST_NAME = "firstName";
    static final String LAST_NAME = "lastName";
    static final String CITY = "city";
    /** The titles of the pages that say a form did its work. */
    static final String PASSWORD_CHANGED = "Password changed";
    static final String PROFILE_SAVED = "Profile saved";

    private final ProfileService profiles;
    private final ProfileStore profileStore;
    private final SessionRegistry registry;
    private final WebAddress web;

    public SettingsPages(ProfileStore profileStore, SessionRegistry registry, ProfileService profiles, WebAddress web) {
        this.profileStore = profileStore;
        this.registry = registry;
        this.profiles = profiles;
        this.web = web;
    }

    private enum Page { ACCOUNT, CHANGE_PASSWORD, EDIT_PROFILE }

    /** Under the account page's address ({@link WebAddress#accountPage}): its two forms. */
    static final String PASSWORD_TAIL = "/password";
    public static final String PROFILE_TAIL = "/profile";

    /** Which of these pages a URL names, as the clients write it; empty for any other. */
    private static Optional<Page> pageOf(String written) {
        // a form's action comes back as the page wrote it: 4.62 sends "&amp;" as it stands
        String url = written.replace("&amp;", "&");
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        int account = path.indexOf(WebAddress.ACCOUNT_PATH);
        if (account >= 0) {
            String tail = path.substring(account + WebAddress.ACCOUNT_PATH.length());
            int slash = tail.indexOf('/');
            String page = slash < 0 ? "" : tail.substring(slash);
            return page.isEmpty() ? Optional.of(Page.ACCOUNT) : page.equals(PASSWORD_TAIL) ? Optional.of(Page.CHANGE_PASSWORD)
                    : page.equals(PROFILE_TAIL) ? Optional.of(Page.EDIT_PROFILE) : Optional.empty();
        }
        if (path.endsWith(CHANGE_PASSWORD_PATH)) {
            return Optional.of(Page.CHANGE_PASSWORD);
        }
        if (path.endsWith(EDIT_PROFILE_PATH)) {
            return Optional.of(Page.EDIT_PROFILE);
        }
        return WebAddress.isSitePage(url, "settings", "change_password") ? Optional.of(Page.CHANGE_PASSWORD)
                : WebAddress.isSitePage(url, "profile", "edit") ? Optional.of(Page.EDIT_PROFILE) : Optional.empty();
    }

    public boolean names(String url) {
        return pageOf(url).isPresent();
    }

    /**
     * A page under {@link WebAddress#accountPage} fetched over HTTP: {@code tail} is the path after
     * {@link WebAddress#ACCOUNT_PATH} (the token, then the page), {@code form} what was sent to it. Empty
     * when no session of this node holds the token (logged out since, or a guess).
     */
    public Optional<String> overHttp(String tail, Map<String, String> form) {
        int slash = tail.indexOf('/');
        String token = slash < 0 ? tail : tail.substring(0, slash);
        byte[] wanted = token.getBytes(StandardCharsets.UTF_8);
        return registry.sessions(Mig33Context.SERVICE).stream()
                .filter(h -> h instanceof Mig33Session m && m.account() != null
                        && m.hasPageToken(wanted))
                .map(Mig33Session.class::cast).findFirst()
                .filter(m -> names(WebAddress.ACCOUNT_PATH + tail))
                .map(m -> answer(m, web.accountPage(m.pageToken()) + (slash < 0 ? "" : tail.substring(slash)), form));
    }

    /**
     * The page {@code url} names, for the logged-in user of {@code s}; {@code parameter} is OPEN_URL's
     * Parameter (a POST form's fields), else the URL's query holds a GET form's.
     */
    public String answer(Mig33Session s, String written, String parameter) {
        String url = written.replace("&amp;", "&");
        int query = url.indexOf('?');
        return answer(s, url, PhoneForms.formOf(!parameter.isEmpty() ? parameter : query < 0 ? "" : url.substring(query + 1)));
    }

    /** The page {@code url} names, for the logged-in user of {@code s}, with the form's fields sent to it. */
    public String answer(Mig33Session s, String url, Map<String, String> sentForm) {
        Page page = pageOf(url).orElseThrow();
        int query = url.indexOf('?');
        String bare = query < 0 ? url : url.substring(0, query);
        Map<String, String> form = MessageDigest.isEqual(s.pageToken().getBytes(StandardCharsets.US_ASCII),
                sentForm.getOrDefault(TOKEN, "").getBytes(StandardCharsets.UTF_8)) ? sentForm : Map.of();
        return switch (page) {
            case ACCOUNT -> account(bare);
            case CHANGE_PASSWORD -> changePassword(s, url, form);
            case EDIT_PROFILE -> editProfile(s, url, form);
        };
    }

    /**
     * The page GET_URL's MY_ACCOUNT names (3.x My Account, 4.05 Manage Account): what the user can change
     * here. Those clients fetch their pages over HTTP themselves, so its address holds the session's token
     * and the pages under it are the session's own ({@link WebAddress#accountPage}).
     */
    private static String account(String url) {
        return WebPage.document("My Account", "<p><a href=\"" + WebPage.escape(url + PASSWORD_TAIL) + "\">Change Password</a></p><p><a href=\""
                + WebPage.escape(url + PROFILE_TAIL) + "\">Edit Profile</a></p>");
    }

    private String changePassword(Mig33Session s, String url, Map<String, String> form) {
        String said = null;
        if (form.containsKey(NEW)) {
            String fresh = form.get(NEW);
            if (!fresh.equals(form.getOrDefault(AGAIN, ""))) {
                said = "The new passwords do not match.";
            } else {
                ProfileService.PasswordChange outcome = profiles.changePassword(s, form.getOrDefault(OLD, ""), fresh);
                if (outcome.done()) {
                    return WebPage.document(PASSWORD_CHANGED, "<p>" + WebPage.escape(outcome.text()) + "</p>");
                }
                said = outcome.text();
            }
        }
        return WebPage.document("Change Password", (said == null ? "" : "<p>" + WebPage.escape(said) + "</p>")
                + "<form action=\"" + WebPage.escape(url) + "\" method=\"post\">" + hidden(s)
                + field("Old password", "password", OLD, "")
                + field("New password", "password", NEW, "")
                + field("New password again", "password", AGAIN, "")
                + "<input type=\"submit\" value=\"Change\"></form>");
    }

    private String editProfile(Mig33Session s, String url, Map<String, String> form) {
        String said = null;
        boolean saved = false;
        if (form.containsKey(DISPLAY_NAME)) {
            Profile changes = new Profile(ShownText.line(form.get(DISPLAY_NAME)).strip(),
                    ShownText.line(form.getOrDefault(FIRST_NAME, "")).strip(),
                    ShownText.line(form.getOrDefault(LAST_NAME, "")).strip(),
                    ShownText.line(form.getOrDefault(CITY, "")).strip(),
                    null, null, null, null, null, null, null, null, null);
            String problem = profiles.update(s, changes);
            said = problem != null ? problem : "Your profile has been saved.";
            saved = problem == null;
        }
        Profile now = profileStore.profile(s.account().id()).orElse(null);
        // the title says it too: 3.x paint a page's wrapped text letter by letter, its title whole
        return WebPage.document(saved ? PROFILE_SAVED : "Edit Profile", (said == null ? "" : "<p>" + WebPage.escape(said) + "</p>")
                + "<form action=\"" + WebPage.escape(url) + "\" method=\"post\">" + hidden(s)
                + field("Display name", "text", DISPLAY_NAME, now == null ? null : now.displayName())
                + field("First name", "text", FIRST_NAME, now == null ? null : now.firstName())
                + field("Last name", "text", LAST_NAME, now == null ? null : now.lastName())
                + field("City", "text", CITY, now == null ? null : now.city())
                + "<input type=\"submit\" value=\"Save\"></form>");
    }


    private static String hidden(Mig33Session s) {
        return "<input type=\"hidden\" name=\"" + TOKEN + "\" value=\"" + s.pageToken() + "\">";
    }

    private static String field(String label, String type, String name, String value) {
        return "<p>" + label + "<br><input type=\"" + type + "\" name=\"" + name + "\" value=\""
                + WebPage.escape(value == null ? "" : value) + "\"></p>";
    }

}
