package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat room search page 4.20 and later open in their browser (Community, Search Rooms), its form posted
 * back as 4.62 posts it (OPEN_URL Method 2, the fields as Parameter, the action's {@code &amp;} as written),
 * and the results' {@code mig33:joinChatroom(NAME)} links.
 */
class RoomSearchPageConversationTest {
    static final String SEARCH = "http://chat.example.org:8080/sites/index.php?c=chatroom&a=search&v=midlet";
    /** The form's action as the page writes it and 4.62 sends it back. */
    static final String ACTION = SEARCH.replace("&", "&amp;");

    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        server.gateway().httpUrl("http://chat.example.org:8080/");
        for (String name : List.of("Kuala Lumpur", "Kuantan", "Penang")) {
            server.admin().addRoom(new Mig33Admin.RoomSpec(name, "About " + name, 40, null, List.of(), "en", false, true, ""));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSearchFindsTheRoomsWhoseNameHoldsTheTextAndEachLinkJoinsOne() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.joinChatRoom("Kuantan");

        String form = alice.openPage(SEARCH);
        assertThat(form).contains("<title>Search Rooms</title>", "method=\"post\"", "name=\"q\" value=\"\"",
                "action=\"" + ACTION + "\"").doesNotContain("joinChatroom");

        String found = alice.submitForm(ACTION, "q=kua");
        assertThat(found).contains("2 rooms match.", "name=\"q\" value=\"kua\"",
                "<a href=\"mig33:joinChatroom(Kuala Lumpur)\">Kuala Lumpur</a> (0/40)",
                "<a href=\"mig33:joinChatroom(Kuantan)\">Kuantan</a> (1/40)").doesNotContain("Penang");
        assertThat(found.indexOf("joinChatroom")).as("the rooms before the form: the focus lands on the first")
                .isLessThan(found.indexOf("<form"));
        // what 4.62 sends for the link: JOIN_CHATROOM with the name between the parentheses
        String link = found.substring(found.indexOf("joinChatroom(") + "joinChatroom(".length());
        assertThat(alice.joinChatRoom(link.substring(0, link.indexOf(')'))).type()).isIn(PacketType.OK, PacketType.CHATROOM);
        assertThat(alice.submitForm(ACTION, "q=Kuala")).contains("(1/40)");

        assertThat(alice.submitForm(ACTION, "q=Nowhere%20Town")).contains("No chat room matches your search.",
                "value=\"Nowhere Town\"").doesNotContain("joinChatroom");
    }

    @Test
    void aSearchWithMoreRoomsThanAPageSaysSo() {
        for (int i = 1; i <= 12; i++) {
            server.admin().addRoom(new Mig33Admin.RoomSpec(String.format("Room %02d", i), "", 50, null, List.of(), "en",
                    false, true, ""));
        }
        String page = server.loggedIn("alice").submitForm(ACTION, "q=room");
        assertThat(page).contains("12 rooms match; the first 10 are shown: type more of the name.",
                "joinChatroom(Room 10)").doesNotContain("joinChatroom(Room 11)");
        // an empty search is every room, as GET_CHATROOMS lists them
        assertThat(server.loggedIn("bob").submitForm(ACTION, "q=")).contains("15 rooms match");
    }

    @Test
    void hostileSearchTextIsShownNotObeyed() {
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.submitForm(ACTION, "q=%3Cb%3E%22x")).contains("value=\"&lt;b&gt;&quot;x\"")
                .doesNotContain("<b>\"x");
        // the store's wildcards are text here, and a text longer than any room name finds nothing
        assertThat(alice.submitForm(ACTION, "q=%25")).contains("No chat room matches");
        assertThat(alice.submitForm(ACTION, "q=" + "k".repeat(5000))).contains("No chat room matches");
    }

    @Test
    void theAddressOf420And430IsTheSamePage() {
        assertThat(server.loggedIn("alice").openPage("http://chat.example.org:8080/search/rooms/?v=midlet"))
                .contains("<title>Search Rooms</title>");
    }

    @Test
    void beforeLoginThereIsNoSearch() {
        Mig33Client stranger = server.connect();
        assertThat(stranger.openPage(SEARCH)).doesNotContain("Search Rooms");
    }
}
