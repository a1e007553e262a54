package dev.revenant.app.midlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The text layers under the patcher: modified UTF-8, manifest folding, JAD lines, a class's constant pool. */
class MidletStringsTest {

    @Test
    void modifiedUtf8IsWhatTheJdkWritesForClassFiles() throws IOException {
        for (String s : new String[] {"", "gateway.mig33.com", "\0", "é", "€ 9119", "\uD83D\uDE00", "a\0b\u07FF\u0800\uFFFF"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DataOutputStream(bytes).writeUTF(s); // DataOutput's UTF is the class-file encoding
            byte[] expected = Arrays.copyOfRange(bytes.toByteArray(), 2, bytes.size());
            assertThat(ModifiedUtf8.encode(s)).as(s).isEqualTo(expected);
            assertThat(ModifiedUtf8.decode(expected, 0, expected.length)).isEqualTo(s);
        }
        assertThat(ModifiedUtf8.decode(new byte[] {0}, 0, 1)).as("a raw NUL is not modified UTF-8").isNull();
        assertThat(ModifiedUtf8.decode(new byte[] {(byte) 0xE2, (byte) 0x82}, 0, 2)).as("cut short").isNull();
    }

    @Test
    void aRewrittenManifestAttributeIsFoldedAt72BytesAndTheRestKeepsItsBytes() throws IOException {
        String original = "Manifest-Version: 1.0\r\nMIDlet-Name: x\r\nMIDlet-Install-Notify: http://www.mig33.com/a?b\r\n"
                + " c=d\r\nMIDlet-Version: 1.0\r\n\r\nName: a.class\r\nX: y\r\n\r\n";
        String value = "http://" + "é".repeat(40) + ".example.org/" + "p".repeat(100);
        byte[] patched = ManifestText.withMainAttribute(original.getBytes(StandardCharsets.UTF_8), "midlet-install-notify", value);

        Manifest m = new Manifest(new ByteArrayInputStream(patched));
        assertThat(m.getMainAttributes().getValue("MIDlet-Install-Notify")).isEqualTo(value);
        assertThat(m.getMainAttributes().getValue("MIDlet-Version")).isEqualTo("1.0");
        assertThat(m.getAttributes("a.class").getValue("X")).isEqualTo("y");
        String text = new String(patched, StandardCharsets.UTF_8);
        assertThat(text).startsWith("Manifest-Version: 1.0\r\nMIDlet-Name: x\r\nMIDlet-Install-Notify: http://")
                .endsWith("\r\nMIDlet-Version: 1.0\r\n\r\nName: a.class\r\nX: y\r\n\r\n");
        assertThat(text.split("\r\n")).allMatch(line -> line.getBytes(StandardCharsets.UTF_8).length <= 72);
        assertThatThrownBy(() -> ManifestText.withMainAttribute(original.getBytes(StandardCharsets.UTF_8), "X", "z"))
                .as("only the main section").hasMessageContaining("no X attribute");
    }

    @Test
    void aJadComesBackByteForByteAndChangesOnlyTheLinesSet() {
        for (String nl : new String[] {"\n", "\r\n"}) {
            String text = "MIDlet-Name: a" + nl + "Odd line" + nl + "MIDlet-Jar-Size: 10" + nl + "MIDlet-Vendor:  V " + nl;
            Jad jad = Jad.parse(text.getBytes(StandardCharsets.UTF_8));
            assertThat(jad.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            assertThat(jad.value("MIDlet-Vendor")).isEqualTo("V");
            jad.set("MIDlet-Jar-Size", "12");
            jad.set("MIDlet-Jar-URL", "a.jar");
            assertThat(jad.remove("MIDlet-Name")).isTrue();
            assertThat(new String(jad.bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("Odd line" + nl + "MIDlet-Jar-Size: 12" + nl + "MIDlet-Vendor:  V " + nl + "MIDlet-Jar-URL: a.jar" + nl);
        }
        Jad noFinalNewline = Jad.parse("A: 1\nB: 2".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(noFinalNewline.bytes(), StandardCharsets.UTF_8)).isEqualTo("A: 1\nB: 2");
    }

    @Test
    void aClassThatDoesNotParseToItsEndIsRefused() throws IOException {
        byte[] own;
        try (var in = MidletStringsTest.class.getResourceAsStream("MidletStringsTest.class")) {
            own = in.readAllBytes();
        }
        ClassConstants pool = ClassConstants.parse(own);
        assertThat(pool.literals()).containsValue("gateway.mig33.com").doesNotContainValue("MidletStringsTest.java");
        assertThatThrownBy(() -> ClassConstants.parse(Arrays.copyOf(own, own.length - 1)))
                .hasMessageMatching(".*(ends too early|runs past the end).*");
        assertThatThrownBy(() -> ClassConstants.parse(Arrays.copyOf(own, own.length + 1))).hasMessageContaining("1 bytes after the last attribute");
        assertThatThrownBy(() -> ClassConstants.parse("PK\3\4".getBytes(StandardCharsets.ISO_8859_1))).hasMessageContaining("magic");
        int sourceFile = pool.allUtf8().entrySet().stream().filter(e -> e.getValue().equals("MidletStringsTest.java"))
                .findFirst().orElseThrow().getKey();
        assertThatThrownBy(() -> pool.withUtf8(java.util.Map.of(sourceFile, "x"))).as("a name is not a literal")
                .hasMessageContaining("is not a string literal");
    }
}
