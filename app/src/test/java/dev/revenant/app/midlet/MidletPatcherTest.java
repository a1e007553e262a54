package dev.revenant.app.midlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.midlet.MidletPatchResult.Change;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the seven original MIDlets patched, then taken apart again with the JDK's own ZIP, JAR and
 * class-file readers: new endpoints in, old gateway out, and every byte that should not change unchanged.
 */
class MidletPatcherTest {
    private static final String LONG_HOST = "gateway-test.revenant.example.org";

    @TempDir Path out;

    static Stream<Arguments> versionsAndOptions() {
        return MidletFixtures.VERSIONS.stream().flatMap(v -> Stream.of(
                // every endpoint changes, and the host is shorter than the original
                Arguments.of(v, new MidletPatchOptions("127.0.0.1", 19119, 2525, null, null)),
                // the original ports stay, the host and HTTP address are longer than the originals
                Arguments.of(v, new MidletPatchOptions(LONG_HOST, 9119, 25, "http://" + LONG_HOST + ":8080/mig33/", null))));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("versionsAndOptions")
    void patchedCopyHasTheNewEndpointsAndNothingElseChanged(String version, MidletPatchOptions options) throws Exception {
        Path jadIn = MidletFixtures.jad(version);
        Path jarIn = MidletFixtures.jar(version);
        byte[] jadBefore = Files.readAllBytes(jadIn);
        byte[] jarBefore = Files.readAllBytes(jarIn);

        // no --jar: the JAR is found from MIDlet-Jar-URL (absolute in 4.50 and 4.62), beside the JAD
        MidletPatchResult result = MidletPatcher.patch(jadIn, null, options, out);

        assertThat(result.version()).isEqualTo(version);
        assertThat(result.jar()).isEqualTo(out.resolve(jarIn.getFileName()));
        assertThat(result.jad()).isEqualTo(out.resolve(jadIn.getFileName()));
        assertThat(Files.readAllBytes(jadIn)).as("the original JAD is only read").isEqualTo(jadBefore);
        assertThat(Files.readAllBytes(jarIn)).as("the original JAR is only read").isEqualTo(jarBefore);

        Map<String, byte[]> before = zipContents(jarIn);
        Map<String, byte[]> after = zipContents(result.jar());
        assertThat(after.keySet()).as("same entries, same order").containsExactlyElementsOf(before.keySet());
        assertThat(sequentialContents(result.jar())).as("read through the local headers, as a phone may")
                .containsExactlyEntriesOf(after);

        Map<String, List<Change>> changesByClass = new LinkedHashMap<>();
        for (Change c : result.changes()) {
            if (c.where().endsWith(".class")) {
                changesByClass.computeIfAbsent(c.where(), k -> new ArrayList<>()).add(c);
            }
        }
        Set<String> allStrings = new HashSet<>();
        for (String name : before.keySet()) {
            byte[] original = before.get(name);
            byte[] patched = after.get(name);
            if (!name.endsWith(".class")) {
                assertThat(patched).as("%s is not a class: byte-identical", name).isEqualTo(original);
                continue;
            }
            ClassConstants originalPool = ClassConstants.parse(original);
            boolean namesGateway = originalPool.allUtf8().values().stream().anyMatch(s -> s.contains("gateway.mig33.com"));
            assertThat(changesByClass.containsKey(name)).as("%s is changed exactly when it names the gateway", name)
                    .isEqualTo(namesGateway);
            if (!changesByClass.containsKey(name)) {
                assertThat(patched).as("%s holds no endpoint: byte-identical", name).isEqualTo(original);
            } else {
                assertOnlyTheseStringsChanged(name, original, patched, changesByClass.get(name));
                assertDefinesLikeTheOriginal(name, original, patched);
            }
            allStrings.addAll(ClassConstants.parse(patched).allUtf8().values());
        }
        assertUnchangedEntriesKeptTheirRecords(jarIn, result.jar(), changesByClass.keySet());

        assertThat(allStrings).as("no class still names the old gateway")
                .noneMatch(s -> s.contains("gateway.mig33.com"));
        assertThat(allStrings).contains(options.host(), Integer.toString(options.port()), options.httpUrl());
        if (version.startsWith("3.")) {
            assertThat(allStrings).contains("socket://" + options.host() + ":" + options.port(),
                    "socket://" + options.host() + ":" + options.fallbackPort());
        }
        if (options.fallbackPort() != 25) {
            assertThat(allStrings).contains(Integer.toString(options.fallbackPort()));
        }
        assertThat(allStrings).as("web links are left alone without --web-url")
                .containsAll(stringsStartingWith(before, "http://www.mig33.com/"));

        Map<String, String> jadAttributes = jadAttributes(result.jad());
        Map<String, String> originalJad = jadAttributes(jadIn);
        assertThat(jadAttributes.get("MIDlet-Jar-Size")).isEqualTo(Long.toString(Files.size(result.jar())));
        assertThat(jadAttributes.get("MIDlet-Jar-URL")).isEqualTo(jarIn.getFileName().toString());
        assertThat(jadAttributes.keySet()).as("every attribute kept, in its order").containsExactlyElementsOf(originalJad.keySet());
        originalJad.forEach((name, value) -> {
            if (!name.equals("MIDlet-Jar-Size") && !name.equals("MIDlet-Jar-URL")) {
                assertThat(jadAttributes.get(name)).as(name).isEqualTo(value);
            }
        });
        Manifest manifest = new Manifest(new ByteArrayInputStream(after.get("META-INF/MANIFEST.MF")));
        for (String name : List.of("MIDlet-Name", "MIDlet-Version", "MIDlet-Vendor")) {
            assertThat(manifest.getMainAttributes().getValue(name)).isEqualTo(jadAttributes.get(name));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.revenant.app.midlet.MidletFixtures#versions")
    void webUrlRewritesTheWebLinksAndInstallNotifyInJadAndManifest(String version) throws Exception {
        Path jadIn = MidletFixtures.jad(version);
        Path jarIn = MidletFixtures.jar(version);
        String web = "http://127.0.0.1:8080/web/";
        MidletPatchResult result = MidletPatcher.patch(jadIn, jarIn,
                new MidletPatchOptions("127.0.0.1", 9119, 25, null, web), out);

        Map<String, byte[]> before = zipContents(jarIn);
        Map<String, byte[]> after = zipContents(result.jar());
        List<String> oldLinks = stringsStartingWith(before, "http://www.mig33.com/");
        List<String> newLinks = stringsStartingWith(after, web);
        assertThat(stringsStartingWith(after, "http://www.mig33.com/")).isEmpty();
        assertThat(newLinks).containsExactlyInAnyOrderElementsOf(
                oldLinks.stream().map(s -> web + s.substring("http://www.mig33.com/".length())).toList());

        Manifest originalManifest = new Manifest(new ByteArrayInputStream(before.get("META-INF/MANIFEST.MF")));
        Manifest manifest = new Manifest(new ByteArrayInputStream(after.get("META-INF/MANIFEST.MF")));
        String notify = originalManifest.getMainAttributes().getValue("MIDlet-Install-Notify");
        Map<String, String> jad = jadAttributes(result.jad());
        if (notify == null) {
            assertThat(after.get("META-INF/MANIFEST.MF")).as("nothing to change: byte-identical")
                    .isEqualTo(before.get("META-INF/MANIFEST.MF"));
        } else {
            String expected = web + "midlet/member/c_info.php?awtrack=wap";
            assertThat(manifest.getMainAttributes().getValue("MIDlet-Install-Notify")).isEqualTo(expected);
            assertThat(jad.get("MIDlet-Install-Notify")).isEqualTo(expected);
            // the other attributes parse the same, and their lines keep their bytes
            originalManifest.getMainAttributes().forEach((k, v) -> {
                if (!k.toString().equals("MIDlet-Install-Notify")) {
                    assertThat(manifest.getMainAttributes().get(k)).as(k.toString()).isEqualTo(v);
                }
            });
            String text = new String(after.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
            for (String line : new String(before.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8).split("\r\n")) {
                if (!line.startsWith("MIDlet-Install-Notify") && !line.startsWith(" ")) {
                    assertThat(text).contains(line + "\r\n");
                }
            }
            assertThat(text.split("\r\n")).allMatch(line -> line.getBytes(StandardCharsets.UTF_8).length <= 72);
        }
        assertThat(jad.get("MIDlet-Jar-Size")).isEqualTo(Long.toString(Files.size(result.jar())));
    }

    @Test
    void signatureAttributesAreDroppedAndSaidSo(@TempDir Path in) throws Exception {
        Path jad = in.resolve("signed.jad");
        String text = Files.readString(MidletFixtures.jad("4.62"), StandardCharsets.UTF_8)
                + "MIDlet-Jar-RSA-SHA1: c2lnbmF0dXJl\nMIDlet-Certificate-1-1: Y2VydGlmaWNhdGU=\n";
        Files.writeString(jad, text, StandardCharsets.UTF_8);

        MidletPatchResult result = MidletPatcher.patch(jad, MidletFixtures.jar("4.62"),
                MidletPatchOptions.forHost("127.0.0.1"), out);

        Map<String, String> written = jadAttributes(result.jad());
        assertThat(written).doesNotContainKeys("MIDlet-Jar-RSA-SHA1", "MIDlet-Certificate-1-1")
                .containsEntry("MIDlet-Name", "mig33v46");
        assertThat(result.notes()).anyMatch(n -> n.contains("dropped MIDlet-Jar-RSA-SHA1"))
                .anyMatch(n -> n.contains("dropped MIDlet-Certificate-1-1"));
    }

    @Test
    void patchingTwiceIntoTheSameDirectoryGivesTheSameBytes() throws Exception {
        MidletPatchOptions options = MidletPatchOptions.forHost("127.0.0.1");
        MidletPatchResult first = MidletPatcher.patch(MidletFixtures.jad("4.20"), null, options, out);
        byte[] jar = Files.readAllBytes(first.jar());
        byte[] jad = Files.readAllBytes(first.jad());
        MidletPatchResult second = MidletPatcher.patch(MidletFixtures.jad("4.20"), null, options, out);
        assertThat(Files.readAllBytes(second.jar())).isEqualTo(jar);
        assertThat(Files.readAllBytes(second.jad())).isEqualTo(jad);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mig33v4.jad", "mig33v4.jar");
        }
    }

    @Test
    void theDefineCheckCatchesABrokenClass() throws Exception {
        // the check above means something only if HotSpot would refuse a class that our parser let through
        byte[] original = zipContents(MidletFixtures.jar("4.62")).get("bc.class");
        byte[] broken = original.clone();
        byte[] host = "gateway.mig33.com".getBytes(StandardCharsets.US_ASCII);
        broken[indexOf(broken, host)] = 0; // a raw NUL is not modified UTF-8
        assertThat(define("bc", original)).isEqualTo("defined bc"); // its superclass is java.lang.Object
        assertThat(define("bc", broken)).startsWith("java.lang.ClassFormatError");
    }

    /** The constant pools differ only in the reported strings, at the same indices; the rest is the same bytes. */
    private static void assertOnlyTheseStringsChanged(String name, byte[] original, byte[] patched, List<Change> changes) {
        ClassConstants a = ClassConstants.parse(original);
        ClassConstants b = ClassConstants.parse(patched);
        assertThat(b.count()).isEqualTo(a.count());
        assertThat(Arrays.copyOfRange(patched, 0, 10)).as("magic, version, pool size").isEqualTo(Arrays.copyOfRange(original, 0, 10));
        assertThat(Arrays.copyOfRange(patched, b.poolEnd(), patched.length)).as("%s after its constant pool", name)
                .isEqualTo(Arrays.copyOfRange(original, a.poolEnd(), original.length));
        List<String> differences = new ArrayList<>();
        Map<Integer, String> before = a.allUtf8();
        Map<Integer, String> after = b.allUtf8();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        int growth = 0;
        for (Map.Entry<Integer, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (!now.equals(e.getValue())) {
                differences.add(e.getValue() + " -> " + now);
                assertThat(a.literals()).as("only string literals change").containsKey(e.getKey());
                growth += now.getBytes(StandardCharsets.UTF_8).length - e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        assertThat(differences).containsExactlyInAnyOrderElementsOf(changes.stream().map(c -> c.from() + " -> " + c.to()).toList());
        assertThat(patched.length - original.length).as("nothing but the strings grew or shrank").isEqualTo(growth);
        // every other pool entry: the bytes between the changed Utf8 entries are the same
        assertThat(a.poolEnd() + growth).isEqualTo(b.poolEnd());
    }

    /**
     * HotSpot parses the class (format checks included) before it looks for the superclass, which is
     * a MIDP class not on this class path: so the patched class must fail, or succeed, exactly as the
     * original does, and never with a ClassFormatError.
     */
    private static void assertDefinesLikeTheOriginal(String entry, byte[] original, byte[] patched) {
        String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        String originalOutcome = define(className, original);
        String patchedOutcome = define(className, patched);
        assertThat(patchedOutcome).as("defining %s", className).doesNotContain("ClassFormatError")
                .doesNotContain("VerifyError").isEqualTo(originalOutcome);
    }

    private static String define(String className, byte[] bytes) {
        final class DefineOnly extends ClassLoader {
            DefineOnly() {
                super(null); // nothing but the JDK's own classes: the MIDP API is not there
            }

            Class<?> define() {
                return defineClass(className, bytes, 0, bytes.length);
            }
        }
        try {
            return "defined " + new DefineOnly().define().getName();
        } catch (LinkageError e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static void assertUnchangedEntriesKeptTheirRecords(Path originalJar, Path patchedJar, Set<String> changed)
            throws IOException {
        try (ZipFile a = new ZipFile(originalJar.toFile()); ZipFile b = new ZipFile(patchedJar.toFile())) {
            for (ZipEntry e : a.stream().toList()) {
                ZipEntry p = b.getEntry(e.getName());
                assertThat(p.getTime()).as("%s time", e.getName()).isEqualTo(e.getTime());
                assertThat(p.getMethod()).as("%s method", e.getName()).isEqualTo(e.getMethod());
                if (!changed.contains(e.getName()) && !e.getName().equals("META-INF/MANIFEST.MF")) {
                    // the same compressed bytes, not a re-compression of the same content
                    assertThat(p.getCompressedSize()).as("%s compressed size", e.getName()).isEqualTo(e.getCompressedSize());
                    assertThat(p.getCrc()).isEqualTo(e.getCrc());
                }
            }
        }
        // and literally: each unchanged entry's compressed data appears in the copy
        byte[] copy = Files.readAllBytes(patchedJar);
        byte[] orig = Files.readAllBytes(originalJar);
        ZipArchive archive = ZipArchive.read(orig);
        for (ZipArchive.Entry e : archive.entries()) {
            if (!changed.contains(e.name())) {
                byte[] record = Arrays.copyOfRange(orig, e.localStart(), e.localEnd());
                assertThat(indexOf(copy, record)).as("%s local record copied as it was", e.name()).isNotNegative();
            }
        }
    }

    static Map<String, byte[]> zipContents(Path jar) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                contents.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return contents;
    }

    private static Map<String, byte[]> sequentialContents(Path jar) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        // JarInputStream hides the manifest when it is the first entry (it parses it instead)
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar), true)) {
            if (in.getManifest() != null) {
                contents.put("META-INF/MANIFEST.MF", null);
            }
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                contents.put(e.getName(), in.readAllBytes());
            }
        }
        if (contents.containsKey("META-INF/MANIFEST.MF") && contents.get("META-INF/MANIFEST.MF") == null) {
            contents.put("META-INF/MANIFEST.MF", zipContents(jar).get("META-INF/MANIFEST.MF"));
        }
        return contents;
    }

    /** Every string constant of every class that starts with the prefix. */
    static List<String> stringsStartingWith(Map<String, byte[]> entries, String prefix) {
        List<String> found = new ArrayList<>();
        entries.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                ClassConstants.parse(bytes).literals().values().stream().filter(s -> s.startsWith(prefix)).forEach(found::add);
            }
        });
        return found;
    }

    static Map<String, String> jadAttributes(Path jad) throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(jad, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                attributes.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return attributes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
