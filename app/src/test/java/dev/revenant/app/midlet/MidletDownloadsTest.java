package dev.revenant.app.midlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code /get/} answers when the server cannot patch for its address, and how long its page gets. */
class MidletDownloadsTest {
    @TempDir Path dir;

    static Response get(MidletDownloads downloads, String rest) throws Exception {
        return downloads.handle(new Request("GET", MidletDownloads.PATH + rest, rest, Map.of(), Map.of(), new byte[0],
                null));
    }

    static String text(Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0.0.0.0:8080", "http://:::8080", "https://chat.example.org"})
    void anAddressPhonesCannotBePatchedForIsA503ThatSaysWhy(String publicBase) throws Exception {
        Files.copy(MidletFixtures.jad("4.62"), dir.resolve("mig33v46.jad"));
        Files.copy(MidletFixtures.jar("4.62"), dir.resolve("mig33v46.jar"));
        MidletDownloads downloads = new MidletDownloads(dir, publicBase, List.of(9119, 25));
        assertThat(downloads.problem()).contains("http.publicUrl");
        Response jad = get(downloads, "mig33v46.jad");
        assertThat(jad.status()).isEqualTo(503);
        assertThat(jad.contentType()).isEqualTo(Response.TEXT);
        assertThat(text(jad)).contains("http.publicUrl");
        // the page still lists what there is
        assertThat(get(downloads, "").status()).isEqualTo(200);
    }

    @Test
    void theCopiesDialTheGatewaysPortsAndTheJadNamesWhereItsJarIs() throws Exception {
        Files.copy(MidletFixtures.jad("3.08"), dir.resolve("mig33v3.jad"));
        Files.copy(MidletFixtures.jar("3.08"), dir.resolve("mig33v3.jar"));
        MidletDownloads downloads = new MidletDownloads(dir, "http://chat.example.org:8080/", List.of(9119, 2525));
        assertThat(downloads.problem()).isNull();
        String jad = text(get(downloads, "mig33v3.jad"));
        assertThat(jad).contains("MIDlet-Jar-URL: http://chat.example.org:8080/get/mig33v3.jar");
        String jar = new String(get(downloads, "mig33v3.jar").body(), StandardCharsets.ISO_8859_1);
        // 3.08 keeps whole socket:// addresses; the class is stored, or its strings are in a deflated entry
        MidletPatcher.Copy expected = MidletPatcher.copy(MidletPatcher.Originals.read(dir.resolve("mig33v3.jad"), null),
                new MidletPatchOptions("chat.example.org", 9119, 2525, "http://chat.example.org:8080/", null),
                "http://chat.example.org:8080/get/mig33v3.jar");
        assertThat(jar.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(expected.jar());
        assertThat(expected.changes()).anySatisfy(c -> assertThat(c.to()).isEqualTo("socket://chat.example.org:2525"));
    }

    @Test
    void thePageListsFiftyAndSaysHowManyMore() throws Exception {
        for (int i = 0; i < 60; i++) {
            Files.writeString(dir.resolve(String.format("m%02d.jad", i)), "MIDlet-Name: M" + i + "\nMIDlet-Version: 1.0\n");
        }
        String page = text(get(new MidletDownloads(dir, "http://chat.example.org:8080", List.of(9119)), ""));
        assertThat(page.split("<li>", -1)).hasSize(MidletDownloads.MAX_LISTED + 1);
        assertThat(page).contains("M0 1.0 (m00.jad)").contains("10 more not listed").doesNotContain("m59.jad");
    }

    @Test
    void aJadThatNamesNoJarIsRefusedWithItsReason() throws Exception {
        Files.writeString(dir.resolve("nojar.jad"), "MIDlet-Name: x\nMIDlet-Version: 1.0\nMIDlet-Vendor: y\n");
        Response r = get(new MidletDownloads(dir, "http://chat.example.org:8080", List.of(9119)), "nojar.jad");
        assertThat(r.status()).isEqualTo(422);
        assertThat(text(r)).contains("nojar.jad").contains("MIDlet-Jar-URL").doesNotContain("--jar");
    }
}
