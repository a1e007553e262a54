package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A phone installs mig33 over the air from this server: its browser opens {@code /get/}, follows the link
 * to a JAD, fetches the JAR the JAD names, and the MIDlet so installed logs in with no name-resolution
 * trick. One generation by default (4.62, the last); {@code -Drevenant.midlets.ota=all} runs every one.
 */
class OverTheAirClientTest {
    @TempDir Path data;
    @TempDir Path installed;
    final HttpClient http = HttpClient.newHttpClient();
    static final String OTA_HELLO = "installed over the air?";

    static Stream<String> versions() {
        String ota = System.getProperty("revenant.midlets.ota", "4.62");
        return RealClientTest.versions().filter(v -> ota.equals("all") || List.of(ota.split(",")).contains(v));
    }

    HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String attribute(byte[] jad, String name) {
        for (String line : new String(jad, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new AssertionError("the served JAD has no " + name);
    }

    @ParameterizedTest(name = "mig33 {0} over the air")
    @MethodSource("versions")
    void aPhoneInstallsFromTheServerAndLogsIn(String version) throws Exception {
        try (Gateway gateway = new Gateway(data, Map.of("mig33.clientsDir", Mig33Phone.clients().toString()))) {
            // the phone reaches the gateway through the harness's relay, as through a port mapping
            gateway.server.midletsDial(gateway.tap.port(), gateway.tap.fallbackPort());
            gateway.befriendAliceAndBob();

            String base = "http://127.0.0.1:" + gateway.server.httpPort();
            String page = new String(get(base + "/get/").body(), StandardCharsets.UTF_8);
            Matcher link = Pattern.compile("href=\"(/get/" + Pattern.quote(version) + "/[^\"]+\\.jad)\"").matcher(page);
            assertThat(link.find()).as("a link to %s on the page:\n%s", version, page).isTrue();
            HttpResponse<byte[]> jad = get(base + link.group(1));
            assertThat(jad.statusCode()).isEqualTo(200);
            assertThat(jad.headers().firstValue("Content-Type")).hasValue("text/vnd.sun.j2me.app-descriptor");
            String jarUrl = attribute(jad.body(), "MIDlet-Jar-URL");
            assertThat(jarUrl).startsWith(base + "/get/" + version + "/").endsWith(".jar");
            HttpResponse<byte[]> jar = get(jarUrl);
            assertThat(jar.statusCode()).isEqualTo(200);
            assertThat(jar.headers().firstValue("Content-Type")).hasValue("application/java-archive");
            assertThat(attribute(jad.body(), "MIDlet-Jar-Size")).isEqualTo(Integer.toString(jar.body().length));
            Path installedJad = installed.resolve("installed.jad");
            Files.write(installedJad, jad.body());
            Files.write(installed.resolve("installed.jar"), jar.body());

            try (Mig33Phone phone = Mig33Phone.startInstalled(version, gateway, installedJad)) {
                logsInAndGetsAMessage(version, gateway, phone);
            }
        }
    }

    /**
     * The phone, running the copy it installed (which dials the wire tap's ports), logs in as alice and gets
     * bob's message; every connection it made went where the copy points, none to the old gateway. A
     * failure leaves the phone's report as {@code ota-failure}.
     */
    private static void logsInAndGetsAMessage(String version, Gateway gateway, Mig33Phone phone) {
        try (Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
            try {
                phone.firstStartAndLogIn("alice", RealClientTest.PASSWORD);
                phone.toContactList("bob");
                bob.sendMessage("alice", OTA_HELLO);
                gateway.tap.await("bob's message on the phone's connection", s -> !s.fromClient()
                        && s.packet().type() == PacketType.MESSAGE
                        && OTA_HELLO.equals(s.packet().string(8, "")), Mig33Phone.STEP);
                phone.assertDialledTheTapOnly(gateway, "gateway.mig33.com");
            } catch (AssertionError | RuntimeException e) {
                phone.report(RealClientTest.reports(version), "ota-failure");
                throw new AssertionError(version + " (over the air): " + e.getMessage() + "\nconversation:\n"
                        + gateway.tap.transcript(), e);
            }
        }
    }
}
