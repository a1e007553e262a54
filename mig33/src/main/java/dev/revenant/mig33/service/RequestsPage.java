package dev.revenant.mig33.service;

import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.store.Account;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
final class RequestsPage {
    private final WebAddress web;
    private final ContactRequests requests;
    private final Privacy privacy;

    RequestsPage(WebAddress web, ContactRequests requests, Privacy privacy) {
        this.web = web;
        this.requests = requests;
        this.privacy = privacy;
    }

    boolean names(String url) {
        return web.isRequestsPage(url);
    }

    /** The page for {@code url} (the page, or one of its links followed) as the logged-in user of {@code s} sees it. */
    String answer(Mig33Session s, String url) {
        Map<String, String> query = query(url);
        String done = null;
        if (s.pageToken().equals(query.get("t"))) {
            String accept = Usernames.normalize(query.getOrDefault("accept", ""));
            String reject = Usernames.normalize(query.getOrDefault("reject", ""));
            if (!accept.isEmpty()) {
                done = requests.waitingFrom(s, accept).map(from -> accepted(s, from)).orElse(null);
            } else if (!reject.isEmpty()) {
                Optional<Account> from = requests.waitingFrom(s, reject);
                from.ifPresent(a -> requests.reject(s, a, false, privacy));
                done = from.map(a -> "You rejected " + a.username() + "'s contact request.").orElse(null);
            }
        }
        StringBuilder page = new StringBuilder("<html><head><title>Contact requests</title></head><body>");
        if (done != null) {
            page.append("<p>").append(ClientUpkeep.html(done)).append("</p>");
        }
        List<String> waiting = requests.pending(s.account());
        if (waiting.isEmpty()) {
            page.append("<p>No contact requests.</p>");
        }
        for (String requester : waiting) {
            page.append("<p>").append(ClientUpkeep.html(ContactRequests.addedYou(requester))).append("</p><p>")
                    .append(link(s, "accept", requester, "Accept")).append(" ")
                    .append(link(s, "reject", requester, "Reject")).append("</p>");
        }
        return page.append("</body></html>").toString();
    }

    /** Accepts and adds back, as the request screen's Allow does; the phone's list gets the contact pushed. */
    private String accepted(Mig33Session s, Account from) {
        var answer = requests.accept(s, from, ServerPackets.PUSH, true, 0);
        if (answer.type() == dev.revenant.mig33.codec.PacketType.CONTACT) {
            s.send(answer);
            requests.sendListVersion(s);
        }
        return from.username() + " is now in your contact list.";
    }

    private String link(Mig33Session s, String action, String requester, String words) {
        String href = web.requestsPage() + "?" + action + "=" + URLEncoder.encode(requester, StandardCharsets.UTF_8)
                + "&t=" + s.pageToken();
        return "<a href=\"" + ClientUpkeep.html(href) + "\">" + words + "</a>";
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new HashMap<>();
        int at = url.indexOf('?');
        if (at < 0) {
            return query;
        }
        for (String pair : url.substring(at + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    query.putIfAbsent(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a broken escape names nobody: the page shows as it is
                }
            }
        }
        return query;
    }
}
