package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.store.StoredPicture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures to a contact (MESSAGE content type 2 and 5, FILE_RECEIVED 502) and the album (UPLOAD_FILE 504). */
class PicturesConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    void start(Mig33Config config) {
        server = new Mig33TestServer(dir, config);
        server.register("alice", "bob");
        server.admin().addContact("alice", "bob", null, null);
        server.admin().addContact("bob", "alice", null, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }


    /**
     * The picture's own URL (its reference as contacts get it) for the page URL an upload's OK names: the two
     * share the token.
     */
    static String fileUrl(String pageUrl) {
        return pageUrl.replace("/view/", "/files/");
    }

    /** A real image of the given format; noise makes it as large as its size asks. */
    static byte[] image(String format, int side) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(side);
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(img, format, out)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String expectedSize(int bytes) {
        return bytes < 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    /** The token ending a file's URL ({@code /files/}) or its page's ({@code /view/}, what FILE_RECEIVED names). */
    static String token(String url) {
        assertThat(url).matches("http://127\\.0\\.0\\.1:8080/(files|view)/[A-Za-z0-9]{32}");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    static void sync(Mig33Client c) {
        c.call(c.request(PacketType.PING).build());
    }

    long stored() {
        return server.gateway().context().pictures().count();
    }

    @Test
    void aPictureReachesAContactOnlineAndCanBeFetchedByItsUrl() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        byte[] png = image("png", 60);
        assertThat(png.length).isGreaterThan(1024);

        Packet ok = alice.sendPicture("bob", png);
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        assertThat(ok.string(1)).isNotBlank();

        Packet got = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(got.string(2)).isEqualTo("alice");
        assertThat(got.integer(1, 0)).isEqualTo(1);
        assertThat(got.string(4)).isEqualTo("alice has sent you a picture (" + expectedSize(png.length) + "). View now?");
        assertThat(got.string(4)).matches("alice has sent you a picture \\(\\d+\\.\\d KB\\)\\. View now\\?");
        // "View now?" opens the picture's page, not the picture (3.00-4.05 show what they fetch as a page)
        assertThat(got.string(5)).startsWith("http://127.0.0.1:8080/view/");
        StoredPicture picture = server.gateway().picture(token(got.string(5))).orElseThrow();
        assertThat(picture.content()).isEqualTo(png);
        assertThat(picture.contentType()).isEqualTo("image/png");
        sync(alice);
        assertThat(alice.hasPush(PacketType.FILE_RECEIVED)).as("only the recipient is told").isFalse();

        // a small JPEG: its size in bytes, its own type
        byte[] jpeg = image("jpg", 4);
        assertThat(jpeg.length).isLessThan(1024);
        assertThat(alice.sendPicture("bob", jpeg).type()).isEqualTo(PacketType.OK);
        Packet second = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(second.string(4)).isEqualTo("alice has sent you a picture (" + jpeg.length + " bytes). View now?");
        String secondToken = token(second.string(5));
        assertThat(secondToken).isNotEqualTo(token(got.string(5)));
        assertThat(server.gateway().picture(secondToken).orElseThrow().contentType()).isEqualTo("image/jpeg");

        assertThat(server.gateway().picture("A".repeat(32))).as("a wrong token finds nothing").isEmpty();
        assertThat(server.gateway().picture("../../etc/passwd")).isEmpty();
    }

    @Test
    void thePagePhonesOpenThroughTheGatewayShowsAPhoneSizedPictureAndThePageOverHttpDoesNot() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        byte[] small = image("png", 60);
        alice.sendPicture("bob", small);
        String page = bob.awaitPush(PacketType.FILE_RECEIVED).string(5);

        // 4.20+ open the page through the gateway: the picture in it, with its own size, at its file URL
        assertThat(bob.openPage(page)).contains("<img src=\"" + fileUrl(page) + "\" width=\"60\" height=\"60\">", "A picture");
        // ... which they then fetch as an image
        Packet image = bob.openUrl(fileUrl(page), 2);
        assertThat(image.raw(2)).isEqualTo(small);
        // 3.00-4.05 fetch the page over HTTP and show it as text: no <img> there
        assertThat(new String(server.gateway().filePage(token(page)).orElseThrow().body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("A picture").doesNotContain("<img");

        // a picture wider than a phone's screen is left out: the browsers draw it unscaled and decode it whole
        alice.sendPicture("bob", image("png", 200));
        String large = bob.awaitPush(PacketType.FILE_RECEIVED).string(5);
        assertThat(bob.openPage(large)).contains("A picture").doesNotContain("<img");
    }

    @Test
    void soundsAndVideosTravelLikePictures() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        byte[] amr = new byte[1500];
        new Random(1).nextBytes(amr);
        System.arraycopy("#!AMR\n".getBytes(StandardCharsets.US_ASCII), 0, amr, 0, 6);
        Packet ok = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                .int16(6, 3).bytes(8, amr).build());
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        Packet sound = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(sound.string(4)).isEqualTo("alice has sent you a sound (1.5 KB). View now?");
        StoredPicture storedSound = server.gateway().picture(token(sound.string(5))).orElseThrow();
        assertThat(storedSound.contentType()).isEqualTo("audio/amr");
        assertThat(storedSound.content()).isEqualTo(amr);

        byte[] video = java.util.Arrays.copyOf("\0\0\0\u0018ftyp3gp4".getBytes(StandardCharsets.US_ASCII), 600);
        assertThat(alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                .int16(6, 4).bytes(8, video).build()).type()).isEqualTo(PacketType.OK);
        Packet clip = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(clip.string(4)).isEqualTo("alice has sent you a video (600 bytes). View now?");
        assertThat(server.gateway().picture(token(clip.string(5))).orElseThrow().contentType()).isEqualTo("video/3gpp");
    }

    @Test
    void whatIsNoPictureOrTooLargeIsRefusedAndNothingIsStored() {
        start(Mig33Config.defaults().toBuilder().maxUploadBytes(4000).build());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");

        Packet notImage = alice.sendPicture("bob", "GIF? no, just text".getBytes(StandardCharsets.UTF_8));
        assertThat(notImage.type()).isEqualTo(PacketType.ERROR);
        assertThat(notImage.string(2)).contains("Not a picture");

        byte[] big = image("png", 80);
        assertThat(big.length).isGreaterThan(4000);
        Packet tooLarge = alice.sendPicture("bob", big);
        assertThat(tooLarge.type()).isEqualTo(PacketType.ERROR);
        assertThat(tooLarge.string(2)).contains("too large");

        assertThat(alice.sendPicture("bob", new byte[0]).type()).isEqualTo(PacketType.ERROR);
        Packet pngAsSound = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                .int16(6, 3).bytes(8, image("png", 4)).build());
        assertThat(pngAsSound.string(2)).contains("Not a sound");
        Packet textAsVideo = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                .int16(6, 4).string(8, "not a video at all").build());
        assertThat(textAsVideo.string(2)).contains("Not a video");
        assertThat(alice.sendPicture("nobody", image("png", 4)).string(2)).contains("nobody");
        Packet badUpload = alice.uploadPicture(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "junk", false);
        assertThat(badUpload.type()).isEqualTo(PacketType.ERROR);
        assertThat(badUpload.string(2)).contains("Not a picture");

        assertThat(stored()).isZero();
        sync(bob);
        assertThat(bob.hasPush(PacketType.FILE_RECEIVED)).isFalse();
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void aPictureAsLargeAsAllowedTravelsInOnePacketAndOneByteMoreIsRefused() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        int max = Mig33Config.defaults().maxUploadBytes();
        // a real PNG followed by padding: decoders ignore what follows the image's end
        byte[] largest = java.util.Arrays.copyOf(image("png", 8), max);
        assertThat(alice.sendPicture("bob", largest).type()).isEqualTo(PacketType.OK);
        Packet got = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(got.string(4)).contains("(300.0 KB)");
        assertThat(server.gateway().picture(token(got.string(5))).orElseThrow().content()).isEqualTo(largest);

        Packet over = alice.sendPicture("bob", java.util.Arrays.copyOf(largest, max + 1));
        assertThat(over.type()).isEqualTo(PacketType.ERROR);
        assertThat(over.string(2)).contains("too large");
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void aUsersStoredFilesAreBounded() {
        start(Mig33Config.defaults().toBuilder().maxUploadBytes(2000).maxStoredBytesPerUser(4000).build());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        byte[] picture = java.util.Arrays.copyOf(image("png", 4), 1500);
        assertThat(alice.sendPicture("bob", picture).type()).isEqualTo(PacketType.OK);
        Packet first = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(alice.uploadPicture(picture, "", false).type()).isEqualTo(PacketType.OK);

        Packet full = alice.sendPicture("bob", picture);
        assertThat(full.type()).isEqualTo(PacketType.ERROR);
        assertThat(full.string(2)).contains("storage is full");
        assertThat(alice.uploadPicture(picture, "", false).string(2)).contains("storage is full");
        assertThat(stored()).isEqualTo(2);
        // sending a stored file again keeps nothing new, so it is still allowed
        Packet again = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                .int16(6, 5).string(8, token(first.string(5))).build());
        assertThat(again.type()).isEqualTo(PacketType.OK);
        // the quota is per user: bob still has his
        assertThat(bob.sendPicture("alice", picture).type()).isEqualTo(PacketType.OK);
    }

    @Test
    void malformedPictureRequestsGetErrorsAndTheConnectionStays() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.call(alice.request(PacketType.UPLOAD_FILE).int16(1, 1).build()).type())
                .as("no content").isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPLOAD_FILE).bytes(1, new byte[3]).bytes(2, image("png", 4)).build())
                .type()).as("a 3-byte number").isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPLOAD_FILE).int16(1, 2).bytes(2, image("png", 4)).build())
                .string(2)).contains("Only pictures");
        assertThat(alice.call(alice.request(PacketType.MESSAGE).int8(3, 1).int16(6, 2).bytes(8, image("png", 4)).build())
                .type()).as("no recipient").isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.MESSAGE).int8(3, 1).string(4, "bob").int16(6, 5)
                .string(8, "../../etc/passwd").build()).type()).isEqualTo(PacketType.ERROR);
        assertThat(stored()).isZero();
        sync(alice);
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void anAbsentRecipientIsToldAtTheNextLoginEvenAfterARestartAndOnce() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        byte[] gif = image("gif", 10);
        assertThat(alice.sendPicture("bob", gif).type()).isEqualTo(PacketType.OK);
        assertThat(alice.sendPicture("bob", image("png", 12)).type()).isEqualTo(PacketType.OK);

        Mig33Client bob = server.loggedIn("bob");
        assertThat(bob.hasPush(PacketType.FILE_RECEIVED)).as("nothing before the contact list").isFalse();
        bob.contacts();
        Packet first = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(first.string(2)).isEqualTo("alice");
        assertThat(first.string(4)).isEqualTo("alice has sent you a picture (" + expectedSize(gif.length) + "). View now?");
        assertThat(server.gateway().picture(token(first.string(5))).orElseThrow().content()).isEqualTo(gif);
        bob.awaitPush(PacketType.FILE_RECEIVED);
        sync(bob);
        bob.logout();
        assertThat(bob.awaitClosed(java.time.Duration.ofSeconds(5))).isTrue();

        // after a restart: what was owed is still owed, what was delivered is not delivered again
        alice.sendPicture("bob", gif);
        server.restart();
        Mig33Client again = server.loggedIn("bob");
        again.contacts();
        Packet afterRestart = again.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(server.gateway().picture(token(afterRestart.string(5))).orElseThrow().content()).isEqualTo(gif);
        sync(again);
        assertThat(again.hasPush(PacketType.FILE_RECEIVED)).as("each notice once").isFalse();
    }

    @Test
    void anUploadGoesToTheAlbumCanBecomeTheDisplayPictureAndCanBeSentOn() {
        start(Mig33Config.defaults());
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        byte[] png = image("png", 20);

        Packet ok = alice.uploadPicture(png, "me at the beach", true);
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        // the 4.x clients open the address at once: the picture's page, not its bytes
        assertThat(ok.string(1)).contains("/view/");
        String token = token(ok.string(1));
        StoredPicture picture = server.gateway().picture(token).orElseThrow();
        assertThat(picture.content()).isEqualTo(png);
        assertThat(picture.description()).isEqualTo("me at the beach");
        assertThat(picture.inAlbum()).isTrue();
        var ctx = server.gateway().context();
        int aliceId = ctx.accounts().find("alice").orElseThrow().id();
        assertThat(ctx.pictures().displayPicture(aliceId)).contains(token);

        Packet plain = alice.uploadPicture(image("jpg", 8), "", false);
        assertThat(ctx.pictures().displayPicture(aliceId)).as("field 5 = 0 leaves the display picture").contains(token);
        assertThat(plain.type()).isEqualTo(PacketType.OK);

        // content type 5: a stored picture sent on by the id in its URL, own pictures only
        Packet sent = alice.call(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob")
                .int16(6, 5).string(8, token).build());
        assertThat(sent.type()).isEqualTo(PacketType.OK);
        Packet got = bob.awaitPush(PacketType.FILE_RECEIVED);
        assertThat(token(got.string(5))).isEqualTo(token(ok.string(1)));
        assertThat(got.string(4)).isEqualTo("alice has sent you a picture (" + expectedSize(png.length) + "). View now?");
        Packet notHers = bob.call(bob.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "alice")
                .int16(6, 5).string(8, token).build());
        assertThat(notHers.type()).isEqualTo(PacketType.ERROR);
        assertThat(stored()).isEqualTo(2);
    }
}
