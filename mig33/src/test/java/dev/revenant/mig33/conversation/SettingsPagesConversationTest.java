package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Change Password and Edit Profile pages the 4.20+ clients open through the gateway (OPEN_URL), and
 * their forms posted back as 4.62 posts them (Method 2, the fields as Parameter, the action's {@code &amp;}
 * as written): the only way those clients' users have to change either.
 */
class SettingsPagesConversationTest {
    static final String PASSWORD = Mig33TestServer.password("alice");
    static final String SITE = "http://chat.example.org:8080/sites/index.php?";
    static final String CHANGE_PASSWORD = SITE + "c=settings&a=change_password&v=midlet";
    static final String EDIT_PROFILE_4_20 = "http://chat.example.org:8080/my/profile/edit/?v=midlet";

    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob");
        server.gateway().httpUrl("http://chat.example.org:8080/");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePasswordChangedOnThePageLogsInAndTheOldOneNoLonger() {
        Mig33Client alice = server.loggedIn("alice");
        String page = alice.openPage(CHANGE_PASSWORD);
        assertThat(page).contains("<title>Change Password</title>", "type=\"password\" name=\"old\"",
                "type=\"password\" name=\"new\"", "type=\"password\" name=\"again\"", "method=\"post\"");
        String token = token(page);
        // the action as 4.62 sends it back: "&amp;" as the page wrote it
        String action = CHANGE_PASSWORD.replace("&", "&amp;");

        assertThat(alice.submitForm(action, "t=" + token + "&old=Wrong1pass&new=N3wSecret&again=N3wSecret"))
                .contains("Your old password is not correct", "name=\"old\"");
        assertThat(alice.submitForm(action, "t=" + token + "&old=" + PASSWORD + "&new=N3wSecret&again=N3wSecreT"))
                .contains("The new passwords do not match.");
        assertThat(alice.submitForm(action, "t=" + token + "&old=" + PASSWORD + "&new=short&again=short"))
                .doesNotContain("has been changed").contains("name=\"new\"");
        assertThat(alice.submitForm(action, "t=" + token + "&old=" + PASSWORD + "&new=N3w+Secret&again=N3w+Secret"))
                .contains("<title>Password changed</title>", "Your password has been changed.").doesNotContain("<form");
        alice.logout();

        // "+" is not a space: the phones escape nothing but spaces
        assertThat(server.connect().login("alice", "N3w+Secret").type()).isEqualTo(PacketType.LOGIN_OK);
        Mig33Client old = server.connect();
        assertThatThrownBy(() -> old.login("alice", PASSWORD)).isInstanceOf(Mig33Exception.class);
    }

    @Test
    void aFormWithoutTheSessionsOwnTokenChangesNothing() {
        Mig33Client alice = server.loggedIn("alice");
        String action = CHANGE_PASSWORD;
        // written by someone else (a link in a chat): no token, or another session's
        assertThat(alice.submitForm(action, "old=" + PASSWORD + "&new=N3wSecret&again=N3wSecret"))
                .doesNotContain("has been changed").contains("name=\"old\"");
        Mig33Client bob = server.loggedIn("bob");
        String bobsToken = token(bob.openPage(CHANGE_PASSWORD));
        assertThat(alice.submitForm(action, "t=" + bobsToken + "&old=" + PASSWORD + "&new=N3wSecret&again=N3wSecret"))
                .doesNotContain("has been changed");
        alice.logout();
        assertThat(server.connect().login("alice", PASSWORD).type()).isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void theProfileEditedOnThePageIsWhatItsPageShows() {
        Mig33Client alice = server.loggedIn("alice");
        String page = alice.openPage(EDIT_PROFILE_4_20);
        assertThat(page).contains("<title>Edit Profile</title>", "name=\"displayName\" value=\"\"");
        String token = token(page);

        String saved = alice.submitForm(EDIT_PROFILE_4_20,
                "t=" + token + "&displayName=Alice Liddell&firstName=Alice&lastName=Liddell&city=Oxford");
        assertThat(saved).contains("<title>Profile saved</title>", "Your profile has been saved.", "value=\"Alice Liddell\"",
                "value=\"Oxford\"");
        assertThat(alice.profile().string(1)).isEqualTo("Alice Liddell");
        assertThat(alice.profile().string(4)).isEqualTo("Oxford");
        // what a contact sees of it: the profile page
        Mig33Client bob = server.loggedIn("bob");
        assertThat(bob.openPage(SITE + "c=profile&v=midlet&a=home&username=alice")).contains("Alice Liddell");

        // a bad field refuses the whole form; 4.50 and 4.62 name the page on the web site's way
        String tooLong = "x".repeat(200);
        assertThat(alice.submitForm(SITE + "c=profile&amp;a=edit&amp;v=midlet", "t=" + token + "&displayName=" + tooLong
                + "&city=Paris")).contains("Display name too long", "<title>Edit Profile</title>");
        assertThat(alice.profile().string(4)).isEqualTo("Oxford");
    }

    @Test
    void beforeLoginThePagesAreTheHomePage() {
        Mig33Client stranger = server.connect();
        assertThat(stranger.openPage(CHANGE_PASSWORD)).doesNotContain("<form").contains("<title>mig33</title>");
    }

    private static String token(String page) {
        Matcher m = Pattern.compile("name=\"t\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(m.find()).as("the form's token in " + page).isTrue();
        return m.group(1);
    }
}
