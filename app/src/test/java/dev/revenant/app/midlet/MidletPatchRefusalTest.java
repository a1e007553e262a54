package dev.revenant.app.midlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the patcher refuses, and that each refusal says what it expected and writes nothing. */
class MidletPatchRefusalTest {
    private static final MidletPatchOptions LOCAL = MidletPatchOptions.forHost("127.0.0.1");

    @TempDir Path in;
    @TempDir Path out;

    @Test
    void aFileThatIsNotAJarIsRefused() throws IOException {
        Path jad = copyJad("4.62", UnaryOperator.identity());
        Path jar = in.resolve("mig33v46.jar");
        Files.writeString(jar, "<html>404 Not Found</html>\n");

        assertRefused(jad, jar, "mig33v46.jar is not a JAR", "expected a MIDlet JAR, a ZIP archive holding META-INF/MANIFEST.MF");
    }

    @Test
    void aJarWithoutAnyEndpointIsRefused() throws IOException {
        Path jad = in.resolve("hello.jad");
        Files.writeString(jad, "MIDlet-1: Hello,,Hello\nMIDlet-Jar-URL: hello.jar\nMIDlet-Jar-Size: 1\n"
                + "MIDlet-Name: Hello\nMIDlet-Vendor: Nobody\nMIDlet-Version: 4.62\n");
        Path jar = in.resolve("hello.jar");
        byte[] someClass;
        // any class without the gateway's strings (this test's own class has them, in its messages)
        try (InputStream c = MidletFixtures.class.getResourceAsStream("MidletFixtures.class")) {
            someClass = c.readAllBytes();
        }
        writeZip(jar, Map.of("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nMIDlet-Name: Hello\r\nMIDlet-Vendor: Nobody\r\nMIDlet-Version: 4.62\r\n\r\n"
                        .getBytes(StandardCharsets.UTF_8), "Hello.class", someClass));

        assertRefused(jad, jar, "hello.jar has none of the mig33 gateway endpoints compiled in",
                "expected a class with the strings \"gateway.mig33.com\", \"9119\" and \"25\"");
    }

    @Test
    void aJarOfAnUnknownVersionIsRefused() throws IOException {
        UnaryOperator<String> toVersion463 = s -> s.replace("MIDlet-Version: 4.62", "MIDlet-Version: 4.63");
        Path jad = copyJad("4.62", toVersion463);
        Path jar = copyJar("4.62", toVersion463);

        assertRefused(jad, jar, "mig33v46.jar is a MIDlet with the mig33 gateway compiled in",
                "of MIDlet-Version 4.63, which this tool does not know (it knows 3.00, 3.08, 4.05, 4.20, 4.30, 4.50, 4.62)");
    }

    @Test
    void aKnownVersionWhoseStringsAreElsewhereIsRefused() throws IOException {
        // 4.50's classes under 4.62's name: the version is known, the layout is not that build's
        UnaryOperator<String> as462 = s -> s.replace("MIDlet-Version: 4.50", "MIDlet-Version: 4.62");
        Path jad = copyJad("4.50", as462);
        Path jar = copyJar("4.50", as462);

        assertRefused(jad, jar, "mig33v45.jar says MIDlet-Version 4.62 but is not the 4.62 build this tool knows",
                "bc.class has no string constant");
    }

    @Test
    void aJadOfAnotherJarIsRefused() throws IOException {
        assertRefused(MidletFixtures.jad("4.62"), MidletFixtures.jar("4.50"),
                "mig33v46.jad and mig33v45.jar disagree on MIDlet-Name: the JAD says \"mig33v46\", the manifest says \"mig33v45\"");
    }

    @Test
    void aDescriptorThatIsNotAJadIsRefused() throws IOException {
        Path jad = in.resolve("notes.jad");
        Files.writeString(jad, "just some text\n");
        assertRefused(jad, MidletFixtures.jar("4.62"), "notes.jad is not a MIDlet descriptor (JAD): it has no MIDlet-Name");
    }

    @Test
    void aFallbackPortThatIsAlsoASettingNameIsRefused() throws IOException {
        // from 4.20 "25" names a setting and "26" the next one: "25" -> "26" would merge them
        Path jad = MidletFixtures.jad("4.62"); // outside the lambda: a missing fixture skips, it is not the refusal
        assertThatThrownBy(() -> MidletPatcher.patch(jad, null, new MidletPatchOptions("127.0.0.1", 9119, 26, null, null), out))
                .isInstanceOf(MidletPatchException.class)
                .hasMessageContaining("--fallback-port 26 cannot be used with MIDlet 4.62: \"26\" is already a constant of bc.class");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void theOriginalsAreNeverOverwritten() throws IOException {
        Path jad = copyJad("4.62", UnaryOperator.identity());
        Path jar = copyJar("4.62", UnaryOperator.identity());
        byte[] before = Files.readAllBytes(jar);

        assertThatThrownBy(() -> MidletPatcher.patch(jad, jar, LOCAL, in))
                .isInstanceOf(MidletPatchException.class).hasMessageContaining("is an original: the originals are never overwritten");
        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    }

    @Test
    void theOutputMustBeADirectory() throws IOException {
        Path file = Files.writeString(out.resolve("file"), "x");
        Path jad = MidletFixtures.jad("4.62");
        assertThatThrownBy(() -> MidletPatcher.patch(jad, null, LOCAL, file))
                .isInstanceOf(MidletPatchException.class).hasMessageContaining("--out " + file + " is not a directory");
    }

    @Test
    void aMissingJarIsNamed() {
        Path jad = MidletFixtures.jad("4.62");
        assertThatThrownBy(() -> MidletPatcher.patch(jad, in.resolve("nowhere.jar"), LOCAL, out))
                .isInstanceOf(MidletPatchException.class).hasMessageContaining("no JAR at " + in.resolve("nowhere.jar"));
    }

    @Test
    void badHostsPortsAndUrlsAreRefused() {
        assertThatThrownBy(() -> MidletPatchOptions.forHost("bad host")).hasMessageContaining("--host bad host is not a host name");
        assertThatThrownBy(() -> MidletPatchOptions.forHost("a..b")).hasMessageContaining("is not a host name");
        assertThatThrownBy(() -> MidletPatchOptions.forHost("-x.example.org")).hasMessageContaining("is not a host name");
        assertThatThrownBy(() -> MidletPatchOptions.forHost("::1")).hasMessageContaining("no IPv6");
        assertThatThrownBy(() -> MidletPatchOptions.forHost("")).hasMessageContaining("--host is empty");
        String tooLong = ("a".repeat(60) + ".").repeat(4) + "org"; // four labels of 60, then "org": 247 characters
        assertThat(MidletPatchOptions.forHost(tooLong).host()).hasSize(247);
        assertThatThrownBy(() -> MidletPatchOptions.forHost(tooLong + ".example"))
                .hasMessageContaining("is 255 characters long; a host name has at most 253");
        assertThatThrownBy(() -> MidletPatchOptions.forHost("a".repeat(64) + ".org")).hasMessageContaining("1 to 63 characters");
        assertThatThrownBy(() -> new MidletPatchOptions("h", 0, 25, null, null)).hasMessageContaining("--port 0 is not a TCP port");
        assertThatThrownBy(() -> new MidletPatchOptions("h", 9119, 65536, null, null)).hasMessageContaining("--fallback-port 65536");
        assertThatThrownBy(() -> new MidletPatchOptions("h", 9119, 9119, null, null)).hasMessageContaining("must differ from --port");
        assertThatThrownBy(() -> new MidletPatchOptions("h", 9119, 25, "https://h/", null)).hasMessageContaining("--http-url https://h/ is not an http:// address");
        assertThatThrownBy(() -> new MidletPatchOptions("h", 9119, 25, null, "http://h/a b/")).hasMessageContaining("--web-url");
        MidletPatchOptions defaults = new MidletPatchOptions("chat.example.org", 9119, 25, null, "http://chat.example.org:8080");
        assertThat(defaults.httpUrl()).isEqualTo("http://chat.example.org:8080/");
        assertThat(defaults.webUrl()).as("a '/' is added: the MIDlets append paths").isEqualTo("http://chat.example.org:8080/");
    }

    private void assertRefused(Path jad, Path jar, String... messageParts) {
        assertThatThrownBy(() -> MidletPatcher.patch(jad, jar, LOCAL, out))
                .isInstanceOf(MidletPatchException.class)
                .hasMessageContainingAll(messageParts);
        assertThat(out).as("nothing written").isEmptyDirectory();
    }

    private Path copyJad(String version, UnaryOperator<String> edit) throws IOException {
        Path original = MidletFixtures.jad(version);
        Path copy = in.resolve(original.getFileName());
        Files.writeString(copy, edit.apply(Files.readString(original, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return copy;
    }

    /** A copy (in the test's temporary directory only) with its manifest edited, built with java.util.zip. */
    private Path copyJar(String version, UnaryOperator<String> manifestEdit) throws IOException {
        Path original = MidletFixtures.jar(version);
        Path copy = in.resolve(original.getFileName());
        java.util.LinkedHashMap<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(original.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                byte[] content = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    content = manifestEdit.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                entries.put(e.getName(), content);
            }
        }
        writeZip(copy, entries);
        return copy;
    }

    private static void writeZip(Path path, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : (entries instanceof java.util.LinkedHashMap ? entries
                    : new java.util.TreeMap<>(entries)).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(path, bytes.toByteArray());
    }
}
