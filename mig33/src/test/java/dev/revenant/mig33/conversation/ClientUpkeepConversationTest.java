package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the 4.x MIDlets fetch on their own through the gateway (OPEN_URL 922): their home page, the
 * reputation badge LOGIN_OK names, and pictures. Each is answered 200 with something the phone can show,
 * never an ERROR (a dialog on the phone) and never a status the phone answers by asking again.
 */
class ClientUpkeepConversationTest {
    static final int FOR_PAGE = 1;
    static final int FOR_IMAGE = 2;
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        server.httpUrl("http://chat.example.org:8080/");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theReputationBadgeThatLoginOkNamesIsAPictureThePhoneCanDraw() throws IOException {
        Mig33Client alice = server.connect();
        Packet ok = alice.login("alice", Mig33TestServer.password("alice"));
        String pagelet = ok.string(26, "");
        assertThat(pagelet).isEqualTo("http://chat.example.org:8080/mig33/");
        // as 4.30 and later build the badge's address: the PageletUrl up to the first '/' after its host,
        // then field 32 (without field 32 they asked for "null" at every repaint)
        String host = pagelet.substring(0, pagelet.indexOf('/', 7) + 1);
        String badge = host + ok.string(32, "");
        assertThat(ok.string(32, "")).isNotBlank().doesNotStartWith("/");

        Packet answer = openUrl(alice, badge, FOR_IMAGE);
        assertThat(answer.type()).isEqualTo(PacketType.OPEN_URL_RESPONSE);
        assertThat(answer.integer(1, 0)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.raw(2)));
        assertThat(image).as("a decodable picture").isNotNull();
        assertThat(image.getWidth()).isEqualTo(12);
        assertThat(image.getHeight()).isEqualTo(12);
        // the phone may keep it for a while (field 3: milliseconds, int64)
        assertThat(java.nio.ByteBuffer.wrap(answer.raw(3)).getLong()).isPositive();
    }

    @Test
    void aPictureTheServerDoesNotHaveIsAnEmptyPictureNotAnError() throws IOException {
        Mig33Client alice = server.connect();
        Packet ok = alice.login("alice", Mig33TestServer.password("alice"));
        // the clients file a picture under its address only if that starts with http: an empty
        // ImageServerURL made 4.62 ask for a room's avatars at every repaint
        assertThat(ok.string(23, "")).startsWith("http://chat.example.org:8080/");
        Packet answer = openUrl(alice, ok.string(23, "") + "0?w=20&h=20&a=1&c=1", FOR_IMAGE);
        assertThat(answer.type()).isEqualTo(PacketType.OPEN_URL_RESPONSE);
        assertThat(answer.integer(1, 0)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.raw(2)));
        assertThat(image.getWidth()).isEqualTo(1);
    }

    @Test
    void theHomePageSaysWhoIsOnline() {
        Mig33Client alice = server.loggedIn("alice");
        server.loggedIn("bob");
        Packet answer = openUrl(alice, "http://chat.example.org:8080/mig33/index.php?c=migworld&v=midlet&a=get_mobpage",
                FOR_PAGE);
        assertThat(answer.type()).isEqualTo(PacketType.OPEN_URL_RESPONSE);
        assertThat(answer.integer(1, 0)).isEqualTo(200);
        assertThat(new String(answer.raw(2), StandardCharsets.UTF_8)).contains("2 people are online now");
    }

    @Test
    void aPictureSentToThePhoneOpensThroughTheGatewayAsAPageShowingIt() throws IOException {
        server.admin().addContact("alice", "bob", null, null);
        server.admin().addContact("bob", "alice", null, null);
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        byte[] picture = PicturesConversationTest.image("png", 16);
        assertThat(bob.sendPicture("alice", picture).type()).isEqualTo(PacketType.OK);
        String url = alice.awaitPush(PacketType.FILE_RECEIVED).string(5);

        // "View now? Yes" (4.20-4.62): the URL is asked for as a page, the page describes the picture and shows
        // it at its file URL with its own size (the browsers need both, quoted); as an image, the URL gives it
        Packet page = openUrl(alice, url, FOR_PAGE);
        assertThat(page.integer(1, 0)).isEqualTo(200);
        assertThat(new String(page.raw(2), StandardCharsets.UTF_8)).contains("<title>Picture</title>", "<p>A picture</p>",
                "<img src=\"" + url.replace("/view/", "/files/") + "\" width=\"16\" height=\"16\">");
        Packet image = openUrl(alice, url, FOR_IMAGE);
        assertThat(image.integer(1, 0)).isEqualTo(200);
        assertThat(image.raw(2)).isEqualTo(picture);
        // a well-formed token that names nothing is no picture
        String nothing = url.substring(0, url.lastIndexOf('/') + 1) + "A".repeat(32);
        assertThat(nothing).isNotEqualTo(url);
        assertThat(openUrl(alice, nothing, FOR_IMAGE).raw(2)).isNotEqualTo(picture);
        // before login OPEN_URL reads nothing from the store (it is not rate-limited there)
        Mig33Client stranger = server.connect();
        assertThat(openUrl(stranger, url, FOR_IMAGE).raw(2)).isNotEqualTo(picture);
    }

    @Test
    void helpIsAnsweredBeforeLoginWithTheServersWordsNotAnError() {
        // 3.08's registration form asks for help page 5 (a "Help?" button) before any login
        Mig33Client stranger = server.connect();
        Packet help = stranger.call(stranger.request(PacketType.GET_HELP_TEXT).int32(1, 5).build());
        assertThat(help.type()).isEqualTo(PacketType.HELP_TEXT);
        assertThat(help.string(1)).contains(Mig33Config.defaults().messageOfTheDay());
    }

    @Test
    void aUsersProfileUrlLeadsToAPageWithTheirUsernameAndDisplayNameOnly() {
        Mig33Client bob = server.loggedIn("bob");
        assertThat(bob.call(bob.request(PacketType.UPDATE_USER_PROFILE).string(1, "Bob <the> Builder")
                .string(4, "Secret City").build()).type()).isEqualTo(PacketType.OK);
        Mig33Client alice = server.loggedIn("alice");
        // a room's "View User's Profile" on 3.x (it was ERROR "Not supported", a dialog on the phone)
        Packet answer = alice.call(alice.request(PacketType.GET_URL).int8(1, 2).string(2, "Bob").build());
        assertThat(answer.type()).isEqualTo(PacketType.OK);
        String url = answer.string(1);
        assertThat(url).isEqualTo("http://chat.example.org:8080/mig33/profile/bob");
        String page = new String(openUrl(alice, url, FOR_PAGE).raw(2), StandardCharsets.UTF_8);
        assertThat(page).contains("<b>bob</b>", "Bob &lt;the&gt; Builder").doesNotContain("Secret City");
        // the same page over plain HTTP (phones on mig33 over HTTP fetch it themselves)
        assertThat(new String(server.gateway().web("/mig33/profile/bob").body(), StandardCharsets.UTF_8)).isEqualTo(page);
        assertThat(new String(openUrl(alice, "http://chat.example.org:8080/mig33/profile/nobody", FOR_PAGE).raw(2),
                StandardCharsets.UTF_8)).contains("No such user").doesNotContain("<b>");

        // the own profile; and any other kind of page the original had (scrapbook, store, ...) is the home page
        assertThat(alice.call(alice.request(PacketType.GET_URL).int8(1, 3).build()).string(1))
                .isEqualTo("http://chat.example.org:8080/mig33/profile/alice");
        assertThat(alice.call(alice.request(PacketType.GET_URL).int8(1, 8).build()).string(1))
                .isEqualTo("http://chat.example.org:8080/mig33/");
        // before login: no own profile to name, and OPEN_URL reads nothing from the store (the home page instead)
        Mig33Client stranger = server.connect();
        assertThat(stranger.call(stranger.request(PacketType.GET_URL).int8(1, 3).build()).string(1))
                .isEqualTo("http://chat.example.org:8080/mig33/");
        assertThat(new String(openUrl(stranger, url, FOR_PAGE).raw(2), StandardCharsets.UTF_8)).doesNotContain("<b>bob</b>");
        String site = "http://chat.example.org:8080/sites/index.php?";
        assertThat(new String(openUrl(stranger, site + "c=profile&a=home&v=midlet", FOR_PAGE).raw(2),
                StandardCharsets.UTF_8)).doesNotContain("<b>");
    }

    @Test
    void theProfilePagesOfTheWebSiteThe4xClientsOpenAreTheUsersProfiles() {
        Mig33Client bob = server.loggedIn("bob");
        assertThat(bob.call(bob.request(PacketType.UPDATE_USER_PROFILE).string(1, "Bob the Builder").build()).type())
                .isEqualTo(PacketType.OK);
        Mig33Client alice = server.loggedIn("alice");
        String site = "http://chat.example.org:8080/sites/index.php?";
        // 4.50 and 4.62's My Profile opens the web site's own-profile page in its browser tab (it was the home page)
        assertThat(new String(openUrl(alice, site + "c=profile&a=home&v=midlet", FOR_PAGE).raw(2), StandardCharsets.UTF_8))
                .contains("<title>Profile</title>", "<b>alice</b>").doesNotContain("Welcome");
        // 4.20 and 4.30's My Profile asks for /my/profile/ on the PageletUrl's host (it was the home page)
        assertThat(new String(openUrl(alice, "http://chat.example.org:8080/my/profile/?v=midlet", FOR_PAGE).raw(2),
                StandardCharsets.UTF_8)).contains("<title>Profile</title>", "<b>alice</b>").doesNotContain("Welcome");
        // and a contact's, by name
        assertThat(new String(openUrl(alice, site + "c=profile&v=midlet&a=home&username=Bob", FOR_PAGE).raw(2),
                StandardCharsets.UTF_8)).contains("<b>bob</b>", "Bob the Builder");
        // the profile's search page this server does not have: the home page (edit: SettingsPagesConversationTest)
        assertThat(new String(openUrl(alice, site + "c=profile&a=search&v=midlet", FOR_PAGE).raw(2), StandardCharsets.UTF_8))
                .doesNotContain("<b>alice</b>").contains("<title>mig33</title>");
    }

    private static Packet openUrl(Mig33Client client, String url, int purpose) {
        return client.openUrl(url, purpose);
    }
}
