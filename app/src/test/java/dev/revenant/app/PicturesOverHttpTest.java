package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picture sent over mig33 is viewed over real HTTP at the URL its recipient was given. */
class PicturesOverHttpTest {
    @TempDir Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();

    RevenantConfig config(Map<String, String> more) {
        return LocalConfig.of(dataDir, more);
    }

    static byte[] image(String format, int side) throws Exception {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(side);
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theRecipientsUrlServesTheSameBytesAndAWrongTokenIsNotFound() throws Exception {
        CapturedLogs logs = new CapturedLogs();
        String pngUrl;
        String jpegUrl;
        try (RevenantServer server = new RevenantServer(config(Map.of()))) {
            server.start();
            try (Mig33Client reg = Mig33Client.connect(server.mig33Addresses().get(0))) {
                reg.register("alice", "S3cretPass", "60123456789");
                reg.register("bob", "S3cretPass", "60123456789");
            }
            Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0));
            alice.login("alice", "S3cretPass");
            Mig33Client bob = Mig33Client.connect(server.mig33Addresses().get(0));
            bob.login("bob", "S3cretPass");

            byte[] png = image("png", 40);
            assertThat(alice.sendPicture("bob", png).type()).isEqualTo(PacketType.OK);
            Packet received = bob.awaitPush(PacketType.FILE_RECEIVED);
            String pageUrl = received.string(5);
            assertThat(pageUrl).startsWith("http://127.0.0.1:" + server.httpPort() + "/view/");
            pngUrl = "http://127.0.0.1:" + server.httpPort() + "/files/" + pageUrl.substring(pageUrl.lastIndexOf('/') + 1);

            // "View now?" opens the picture's page, which 3.00-4.05 fetch themselves (as a POST under
            // MicroEmulator) and show as a page: the picture's bytes were shown as text before
            for (HttpRequest asked : List.of(HttpRequest.newBuilder(URI.create(pageUrl)).build(),
                    HttpRequest.newBuilder(URI.create(pageUrl)).POST(HttpRequest.BodyPublishers.noBody()).build())) {
                HttpResponse<String> page = http.send(asked, HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
                assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(page.body()).contains("<p>A picture</p>").doesNotContain("PNG");
            }

            HttpResponse<byte[]> picture = get(pngUrl);
            assertThat(picture.statusCode()).isEqualTo(200);
            assertThat(picture.body()).isEqualTo(png);
            assertThat(picture.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(picture.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(picture.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("private"));
            // a MIDlet's GET arrives as an empty POST under MicroEmulator (it opens an output stream on it)
            HttpResponse<byte[]> posted = http.send(HttpRequest.newBuilder(URI.create(pngUrl))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(posted.body()).isEqualTo(png);

            byte[] jpeg = image("jpg", 30);
            Packet uploaded = alice.uploadPicture(jpeg, "album", false);
            assertThat(uploaded.type()).isEqualTo(PacketType.OK);
            // the OK names the picture's page, which phones open at once; the picture itself shares its token
            assertThat(uploaded.string(1)).startsWith("http://127.0.0.1:" + server.httpPort() + "/view/");
            assertThat(get(uploaded.string(1)).body()).asString().contains("<title>Picture</title>", "album");
            jpegUrl = uploaded.string(1).replace("/view/", "/files/");
            HttpResponse<byte[]> album = get(jpegUrl);
            assertThat(album.statusCode()).isEqualTo(200);
            assertThat(album.body()).isEqualTo(jpeg);
            assertThat(album.headers().firstValue("Content-Type")).contains("image/jpeg");

            byte[] amr = "#!AMR\n a voice note".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                    .int16(6, 3).bytes(8, amr).build()).type()).isEqualTo(PacketType.OK);
            String soundPage = bob.awaitPush(PacketType.FILE_RECEIVED).string(5);
            assertThat(new String(get(soundPage).body(), java.nio.charset.StandardCharsets.UTF_8)).contains("<p>A sound</p>");
            HttpResponse<byte[]> sound = get(soundPage.replace("/view/", "/files/"));
            assertThat(sound.body()).isEqualTo(amr);
            assertThat(sound.headers().firstValue("Content-Type")).contains("audio/amr");

            String base = "http://127.0.0.1:" + server.httpPort() + "/files/";
            String token = pngUrl.substring(base.length());
            String wrong = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
            assertThat(get(base + wrong).statusCode()).isEqualTo(404);
            assertThat(get(base + "nope").statusCode()).isEqualTo(404);
            assertThat(get(base).statusCode()).isEqualTo(404);
            assertThat(new String(get(base + wrong).body())).doesNotContain(wrong);
            String pages = "http://127.0.0.1:" + server.httpPort() + "/view/";
            assertThat(get(pages + wrong).statusCode()).isEqualTo(404);
            assertThat(get(pages + token).statusCode()).isEqualTo(200);
            server.stop();
        } finally {
            logs.close();
        }
        // the token in a picture's URL is its permission to view: no log line shows it
        String pngToken = pngUrl.substring(pngUrl.lastIndexOf('/') + 1);
        String jpegToken = jpegUrl.substring(jpegUrl.lastIndexOf('/') + 1);
        assertThat(logs.events()).anyMatch(e -> e.getFormattedMessage().contains("/files/"));
        for (var event : logs.events()) {
            assertThat(event.getFormattedMessage()).doesNotContain(pngToken, jpegToken, "S3cretPass");
        }
    }

    @Test
    void limitsThatCannotWorkAreRefusedByName() {
        assertThatThrownBy(() -> config(Map.of("mig33.maxUploadBytes", "400000")))
                .hasMessageContaining("maxUploadBytes").hasMessageContaining("maxPacketBytes");
        assertThatThrownBy(() -> config(Map.of("http.publicUrl", "pics.example.org")))
                .hasMessageContaining("publicUrl");
        assertThatThrownBy(() -> config(Map.of("mig33.maxGroupChatParticipants", "1")))
                .hasMessageContaining("maxGroupChatParticipants");
    }

    @Test
    void thePublicUrlOptionNamesWherePhonesFindPictures() throws Exception {
        try (RevenantServer server = new RevenantServer(config(Map.of("http.publicUrl", "https://pics.example.org/")))) {
            server.start();
            try (Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0))) {
                alice.register("alice", "S3cretPass", "60123456789");
                alice.login("alice", "S3cretPass");
                Packet uploaded = alice.uploadPicture(image("gif", 8), "", false);
                assertThat(uploaded.string(1)).matches("https://pics\\.example\\.org/view/[A-Za-z0-9]{32}");
                String token = uploaded.string(1).substring(uploaded.string(1).lastIndexOf('/') + 1);
                HttpResponse<byte[]> served = get("http://127.0.0.1:" + server.httpPort() + "/files/" + token);
                assertThat(served.statusCode()).isEqualTo(200);
                assertThat(served.headers().firstValue("Content-Type")).contains("image/gif");
            }
        }
    }
}
