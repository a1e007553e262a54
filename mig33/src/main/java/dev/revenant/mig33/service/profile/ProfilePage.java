package dev.revenant.mig33.service.profile;

import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.Profile;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import java.util.Optional;

/**
 * A user's profile page, the URL GET_URL (910) hands out for USER_PROFILE and MY_PROFILE: a room's "View
 * User's Profile" on 3.x asks for it (it got ERROR "Not supported" before, a dialog on the phone). The page
 * shows the username and the display name the user chose, nothing else: it is served to anyone who has its
 * URL (over OPEN_URL and plain HTTP alike), and what else a profile holds is the user's own (USER_PROFILE 906
 * gives it to the user alone; the status message goes to the contacts the user allows).
 */
public final class ProfilePage {
    private final AccountStore accountStore;
    private final ProfileStore profileStore;

    public ProfilePage(AccountStore accountStore, ProfileStore profileStore) {
        this.accountStore = accountStore;
        this.profileStore = profileStore;
    }

    /** The page for the username that ends {@code path} (URL-escaped, as {@link WebAddress#profilePage} writes it). */
    public String answer(String path) {
        String name = Usernames.normalize(WebAddress.decodePart(path.substring(path.lastIndexOf('/') + 1)));
        Optional<Account> account = name.isEmpty() ? Optional.empty() : accountStore.find(name);
        StringBuilder page = new StringBuilder();
        if (account.isEmpty()) {
            page.append("<p>No such user here.</p>");
        } else {
            page.append("<p><b>").append(WebPage.escape(account.get().username())).append("</b></p>");
            profileStore.profile(account.get().id()).map(Profile::displayName).filter(n -> !n.isBlank())
                    .ifPresent(n -> page.append("<p>").append(WebPage.escape(n)).append("</p>"));
        }
        return WebPage.document("Profile", page.toString());
    }
}
