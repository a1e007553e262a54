package dev.revenant.mig33.service.rooms;

import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.session.ShownText;
import dev.revenant.mig33.store.ChatRoomInfo;
import dev.revenant.mig33.store.ChatRoomStore;
import dev.revenant.mig33.web.PhoneForms;
import dev.revenant.mig33.web.WebAddress;
import dev.revenant.mig33.web.WebPage;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The chat room search the 4.20 and later clients open in their browser (the rooms tab's Search Rooms, or a
 * room's menu), through the gateway (OPEN_URL), where the original kept it on its web site: 4.20 and 4.30
 * ask for {@code /search/rooms/?v=midlet}, 4.50 and 4.62 for {@code /sites/index.php?c=chatroom&a=search&v=midlet},
 * on the PageletUrl's host. These clients never send GET_CHATROOMS: the page is their only way to find a
 * room that is in no category they see (3.x and 4.05 search with GET_CHATROOMS themselves). It has a form
 * (the text to look for) and, once sent, the rooms whose name holds that text, each a
 * {@code mig33:joinChatroom(NAME)} link: the browsers of 4.05 and later join the room the link names (the
 * text between the parentheses as it stands: no quotes) with JOIN_CHATROOM and open its tab.
 *
 * <p>Looking for rooms changes nothing, so the form carries no session token; the results are the rooms
 * GET_CHATROOMS finds for the same text, in the same order.
 */
public final class RoomSearchPage {
    /** The form's field: the text to look for. */
    static final String TEXT = "q";
    static final String TITLE = "Search Rooms";

    private final Mig33Config config;
    private final ChatRoomStore roomStore;
    private final ToIntFunction<ChatRoomInfo> present;

    /** @param present how many users are in a room now */
    public RoomSearchPage(Mig33Config config, ChatRoomStore roomStore, ToIntFunction<ChatRoomInfo> present) {
        this.config = config;
        this.roomStore = roomStore;
        this.present = present;
    }

    /** Where 4.20 and 4.30's Search Rooms is, on the PageletUrl's host. */
    static final String SEARCH_ROOMS_PATH = "/search/rooms/";

    /** Whether a URL, as the clients write it, names the search page. */
    public static boolean names(String url) {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)).endsWith(SEARCH_ROOMS_PATH)
                || WebAddress.isSitePage(url, "chatroom", "search");
    }

    /**
     * The page for {@code written} (the URL as the client sent it, a posted form's action included);
     * {@code parameter} is OPEN_URL's Parameter, a POST form's fields (a GET form's are in the URL's query).
     */
    public String answer(String written, String parameter) {
        String url = written.replace("&amp;", "&");
        Map<String, String> form = !parameter.isEmpty() ? PhoneForms.formOf(parameter) : WebAddress.queryOf(url);
        String text = form.containsKey(TEXT) ? ShownText.line(form.get(TEXT)).strip() : null;
        StringBuilder body = new StringBuilder();
        // the rooms found come first: the browsers put the focus on a page's first link or field, and the
        // user who searched wants a room, one key away
        if (text == null) {
            body.append("<p>Type all or part of a room's name.</p>");
        } else {
            results(text, body);
        }
        body.append("<form action=\"").append(WebPage.escape(url))
                .append("\" method=\"post\"><p>Room name<br><input type=\"text\" name=\"").append(TEXT)
                .append("\" value=\"").append(WebPage.escape(text == null ? "" : text))
                .append("\"></p><input type=\"submit\" value=\"Search\"></form>");
        return WebPage.document(TITLE, body.toString());
    }

    private void results(String text, StringBuilder body) {
        int perPage = config.roomsPerPage();
        int total = ChatRoomNames.lookupable(text) ? roomStore.count(text) : 0;
        if (total == 0) {
            body.append("<p>No chat room matches your search.</p>");
            return;
        }
        List<ChatRoomInfo> rooms = roomStore.search(text, 0, perPage);
        body.append("<p>").append(total).append(total == 1 ? " room matches" : " rooms match")
                .append(total > rooms.size() ? "; the first " + rooms.size() + " are shown: type more of the name." : ".")
                .append("</p>");
        for (ChatRoomInfo r : rooms) {
            // the browsers take the link's argument as it stands; room names hold nothing the escaping changes
            // (letters, digits, spaces and . _ ' -: ChatRoomNames), it only guards the markup
            body.append("<p><a href=\"mig33:joinChatroom(").append(WebPage.escape(r.name())).append(")\">")
                    .append(WebPage.escape(r.name())).append("</a> (").append(present.applyAsInt(r)).append('/')
                    .append(r.capacity()).append(")</p>");
        }
    }
}
