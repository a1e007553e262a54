package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.midlet.MidletPatchOptions;
import dev.revenant.app.midlet.MidletPatcher;
import dev.revenant.core.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIDlets over the air: the originals an operator drops into {@code mig33.clientsDir} are listed at
 * {@code /get/} and served, patched for this server, as a phone fetches them: the JAD, then the JAR its
 * MIDlet-Jar-URL names, each with the type phones require.
 */
class MidletsOverTheAirTest {
    @TempDir Path dataDir;
    @TempDir Path root;
    final HttpClient http = HttpClient.newHttpClient();

    /** The clients directory: 4.62 in a folder of its own, 3.08 at the top, one broken MIDlet; a secret beside it. */
    Path clients() throws Exception {
        Path clients = Files.createDirectories(root.resolve("clients"));
        Path v462 = Files.createDirectories(clients.resolve("4.62"));
        Path shared462 = SharedData.require("clients/mig33/4.62");
        Files.copy(shared462.resolve("mig33v46.jad"), v462.resolve("mig33v46.jad"));
        Files.copy(shared462.resolve("mig33v46.jar"), v462.resolve("mig33v46.jar"));
        Path shared308 = SharedData.require("clients/mig33/3.08");
        Files.copy(shared308.resolve("mig33v3.jad"), clients.resolve("mig33v3.jad"));
        Files.copy(shared308.resolve("mig33v3.jar"), clients.resolve("mig33v3.jar"));
        // a JAD whose JAR is no ZIP: the patcher refuses it
        Files.writeString(clients.resolve("broken.jad"), "MIDlet-Name: broken\nMIDlet-Version: 1.0\n"
                + "MIDlet-Vendor: nobody\nMIDlet-Jar-URL: broken.jar\nMIDlet-Jar-Size: 5\n");
        Files.writeString(clients.resolve("broken.jar"), "hello");
        // outside the directory, and a link inside that leads out to it
        Files.writeString(root.resolve("secret.jad"), "MIDlet-Name: secret\n");
        Files.createSymbolicLink(clients.resolve("escape.jad"), root.resolve("secret.jad"));
        return clients;
    }

    RevenantServer serving(Path clients) {
        RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of("mig33.clientsDir", clients.toString())));
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    HttpResponse<byte[]> get(String url) throws Exception {
        // a phone's browser: no special headers
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, String> jad(byte[] bytes) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                attributes.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return attributes;
    }

    @Test
    void aPhoneFetchesTheListThenAJadThenTheJarItNames() throws Exception {
        Path clients = clients();
        try (RevenantServer server = serving(clients)) {
            String base = "http://127.0.0.1:" + server.httpPort();

            HttpResponse<byte[]> page = get(base + "/get/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertThat(html).contains("href=\"/get/4.62/mig33v46.jad\"").contains("href=\"/get/mig33v3.jad\"")
                    .contains("4.62").doesNotContainIgnoringCase("<script").doesNotContain("escape.jad")
                    .doesNotContain("secret");

            HttpResponse<byte[]> jadAnswer = get(base + "/get/4.62/mig33v46.jad");
            assertThat(jadAnswer.statusCode()).isEqualTo(200);
            assertThat(jadAnswer.headers().firstValue("Content-Type")).hasValue("text/vnd.sun.j2me.app-descriptor");
            Map<String, String> jad = jad(jadAnswer.body());
            assertThat(jad.get("MIDlet-Jar-URL")).isEqualTo(base + "/get/4.62/mig33v46.jar");
            assertThat(jad.get("MIDlet-Version")).isEqualTo("4.62");

            HttpResponse<byte[]> jar = get(jad.get("MIDlet-Jar-URL"));
            assertThat(jar.statusCode()).isEqualTo(200);
            assertThat(jar.headers().firstValue("Content-Type")).hasValue("application/java-archive");
            assertThat(jar.headers().firstValueAsLong("Content-Length")).hasValue(jar.body().length);
            assertThat(jad.get("MIDlet-Jar-Size")).isEqualTo(Integer.toString(jar.body().length));

            // what `revenant midlet patch` writes for this server's address (its www.mig33.com links too: the
            // username check of the registration is there): the same code, the same bytes
            int port = server.mig33Addresses().get(0).getPort();
            Path cli = root.resolve("cli");
            MidletPatcher.patch(clients.resolve("4.62/mig33v46.jad"), null,
                    new MidletPatchOptions("127.0.0.1", port, 25, base + "/", base + "/"), cli);
            assertThat(jar.body()).isEqualTo(Files.readAllBytes(cli.resolve("mig33v46.jar")));
            assertThat(jar.body()).isNotEqualTo(Files.readAllBytes(clients.resolve("4.62/mig33v46.jar")));

            // the second phone gets the same copy
            assertThat(get(base + "/get/4.62/mig33v46.jar").body()).isEqualTo(jar.body());
            assertThat(get(base + "/get/mig33v3.jad").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whatIsNotAServableMidletIsAClearRefusal() throws Exception {
        Path clients = clients();
        try (RevenantServer server = serving(clients)) {
            String base = "http://127.0.0.1:" + server.httpPort();
            for (String path : new String[] {"/get/nothing.jad", "/get/4.62/nothing.jar", "/get/../secret.jad",
                    "/get/%2e%2e/secret.jad", "/get/4.62/../../secret.jad", "/get/escape.jad", "/get/4.62/",
                    "/get/4.62/mig33v46.txt", "/get/.hidden.jad", "/get/a/b/c.jad"}) {
                HttpResponse<byte[]> answer = get(base + path);
                String text = new String(answer.body(), StandardCharsets.UTF_8);
                assertThat(answer.statusCode()).as(path + ": " + text).isEqualTo(404);
                assertThat(text).as(path).doesNotContain("MIDlet-Name").doesNotContain(root.toString());
            }
            for (String path : new String[] {"/get/broken.jad", "/get/broken.jar"}) {
                HttpResponse<byte[]> answer = get(base + path);
                String text = new String(answer.body(), StandardCharsets.UTF_8);
                assertThat(answer.statusCode()).as(path + ": " + text).isEqualTo(422);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
                assertThat(text).contains("broken.jar is not a JAR").doesNotContain("Exception")
                        .doesNotContain("\tat ").doesNotContain(root.toString());
            }
        }
    }

    @Test
    void withoutAClientsDirectoryNothingIsServed() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            assertThat(get("http://127.0.0.1:" + server.httpPort() + "/get/").statusCode()).isEqualTo(404);
        }
    }
}
