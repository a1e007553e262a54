package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.PacketType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3.x's My Account and 4.05's Manage Account and Edit Profile: GET_URL hands out the address of the
 * session's account page, which the phone fetches over HTTP itself, and its forms come back over HTTP
 * (a GET's query or a POST's fields). The address names the session: it works while the session lives,
 * and never shows in a log.
 */
class AccountPagesOverHttpTest {
    static final int MY_ACCOUNT = 4;
    static final int EDIT_PROFILE = 12;
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String fields) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(fields)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAccountPagesFormsChangeThePasswordAndTheProfileOfTheSessionItNames() throws Exception {
        CapturedLogs logs = new CapturedLogs();
        String account;
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            try (Mig33Client reg = Mig33Client.connect(server.mig33Addresses().get(0))) {
                reg.register("alice", "S3cretPass", "60123456789");
                reg.register("bob", "S3cretPass", "60123456789");
            }
            Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0));
            alice.login("alice", "S3cretPass");
            account = alice.call(alice.request(PacketType.GET_URL).int8(1, MY_ACCOUNT).build()).string(1);
            assertThat(account).startsWith("http://127.0.0.1:" + server.httpPort() + "/mig33/account/");

            // the page, fetched as MicroEmulator's MIDlets fetch pages (an empty POST), links both forms
            HttpResponse<String> page = post(account, "");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(page.body()).contains(account + "/password\">Change Password<", account + "/profile\">Edit Profile<");

            // Change Password: the form's fields as a GET's query
            String form = get(account + "/password").body();
            String token = token(form);
            assertThat(get(account + "/password?t=" + token + "&old=Wrong1pass&new=N3wSecret&again=N3wSecret").body())
                    .contains("Your old password is not correct");
            assertThat(get(account + "/password?t=" + token + "&old=S3cretPass&new=N3wSecret&again=N3wSecret").body())
                    .contains("Your password has been changed.");

            // Edit Profile, which 4.05 asks for itself: the form's fields as a POST's
            String edit = alice.call(alice.request(PacketType.GET_URL).int8(1, EDIT_PROFILE).build()).string(1);
            assertThat(edit).isEqualTo(account + "/profile");
            assertThat(post(edit, "t=" + token + "&displayName=Alice%20Liddell&city=Oxford").body())
                    .contains("Your profile has been saved.", "value=\"Alice Liddell\"");
            assertThat(alice.profile().string(1)).isEqualTo("Alice Liddell");

            // another session's page is not alice's: bob's token changes bob's, and a guess is not found
            Mig33Client bob = Mig33Client.connect(server.mig33Addresses().get(0));
            bob.login("bob", "S3cretPass");
            String bobs = bob.call(bob.request(PacketType.GET_URL).int8(1, MY_ACCOUNT).build()).string(1);
            assertThat(post(bobs + "/profile", "t=" + token + "&displayName=Mallory").body()).doesNotContain("has been saved");
            assertThat(alice.profile().string(1)).isEqualTo("Alice Liddell");
            String guess = account.substring(0, account.lastIndexOf('/') + 1) + "0".repeat(32);
            assertThat(get(guess + "/password").statusCode()).isEqualTo(404);

            // once the session has ended (a new login takes over), its address is no page
            try (Mig33Client again = Mig33Client.connect(server.mig33Addresses().get(0))) {
                assertThat(again.login("alice", "N3wSecret").type()).isEqualTo(PacketType.LOGIN_OK);
                HttpResponse<String> gone = get(account + "/password");
                assertThat(gone.statusCode()).isEqualTo(404);
                assertThat(gone.body()).contains("This page has expired.");
            }
            try (Mig33Client old = Mig33Client.connect(server.mig33Addresses().get(0))) {
                assertThatThrownBy(() -> old.login("alice", "S3cretPass")).isInstanceOf(Mig33Exception.class);
            }
            server.stop();
        } finally {
            logs.close();
        }
        // the address names the session: no log line shows its token, nor a password sent to the form
        String token = account.substring(account.lastIndexOf('/') + 1);
        assertThat(logs.events()).anyMatch(e -> e.getFormattedMessage().contains("/mig33/account/"));
        for (var event : logs.events()) {
            assertThat(event.getFormattedMessage()).doesNotContain(token, "N3wSecret");
        }
    }

    private static String token(String page) {
        Matcher m = Pattern.compile("name=\"t\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(m.find()).as("the form's token in " + page).isTrue();
        return m.group(1);
    }
}
