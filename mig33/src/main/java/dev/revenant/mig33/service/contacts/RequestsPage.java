package dev.revenant.mig33.service.contacts;

import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The page of waiting contact requests that a NOTIFICATION (14) names: how a user of a 4.10+ client, which
 * has no contact request screen, accepts or rejects a request (as on the original service's web pages). The
 * phone's browser fetches it through the gateway (OPEN_URL), so the page is the session's own: each
 * request has an Accept and a Reject link, and following one does what ACCEPT_CONTACT_REQUEST (with add
 * back) or REJECT_CONTACT_REQUEST does, then shows the page again.
 *
 * <p>A link carries the session's own random token: a link to this page that someone else wrote (sent in a
 * chat, say) does nothing when followed, so nobody can make a user accept a request by a link.
 */
public final class RequestsPage {
    private static final String ACCEPT = "accept";
    private static final String REJECT = "reject";

    private final WebAddress web;
    private final ContactRequests requests;
    private final Privacy privacy;

    public RequestsPage(WebAddress web, ContactRequests requests, Privacy privacy) {
        this.web = web;
        this.requests = requests;
        this.privacy = privacy;
    }

    public boolean names(String url) {
        return web.isRequestsPage(url);
    }

    /** The page for {@code url} (the page, or one of its links followed) as the logged-in user of {@code s} sees it. */
    public String answer(Mig33Session s, String url) {
        // a link: <page>/<accept|reject>/<token>/<user> (a path, not a query: 4.62's browser sends an href
        // as it stands, "&amp;" and all)
        String[] link = url.length() > web.requestsPage().length() + 1
                ? url.substring(web.requestsPage().length() + 1).split("/", -1) : new String[0];
        String done = null;
        if (link.length == 3 && s.pageToken().equals(link[1])) {
            String user = Usernames.normalize(WebAddress.decodePart(link[2]));
            Optional<Account> from = user.isEmpty() ? Optional.empty() : requests.waitingFrom(s, user);
            if (link[0].equals(ACCEPT)) {
                done = from.map(a -> accepted(s, a)).orElse(null);
            } else if (link[0].equals(REJECT)) {
                from.ifPresent(a -> requests.reject(s, a, false, privacy));
                done = from.map(a -> "You rejected " + a.username() + "'s contact request.").orElse(null);
            }
            if (done != null) {
                requests.renotify(s);
            }
        }
        StringBuilder page = new StringBuilder();
        if (done != null) {
            page.append("<p>").append(WebPage.escape(done)).append("</p>");
        }
        List<String> waiting = requests.pending(s.account());
        if (waiting.isEmpty()) {
            page.append("<p>No contact requests.</p>");
        }
        for (String requester : waiting) {
            page.append("<p>").append(WebPage.escape(ContactRequests.addedYou(requester))).append("</p><p>")
                    .append(link(s, ACCEPT, requester, "Accept")).append(" ")
                    .append(link(s, REJECT, requester, "Reject")).append("</p>");
        }
        return WebPage.document("Contact requests", page.toString());
    }

    /** Accepts and adds back, as the request screen's Allow does; the phone's list gets the contact pushed. */
    private String accepted(Mig33Session s, Account from) {
        var answer = requests.accept(s, from, ServerPackets.PUSH, true, 0);
        if (answer.type() == PacketType.CONTACT) {
            s.send(answer);
            requests.sendListVersion(s);
        }
        return from.username() + " is now in your contact list.";
    }

    private String link(Mig33Session s, String action, String requester, String words) {
        String href = web.requestsPage() + "/" + action + "/" + s.pageToken() + "/"
                + URLEncoder.encode(requester, StandardCharsets.UTF_8);
        return "<a href=\"" + WebPage.escape(href) + "\">" + words + "</a>";
    }
}
