package dev.revenant.app.midlet;

import dev.revenant.app.midlet.MidletPatchResult.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;

/**
 * Copies an original mig33 MIDlet (JAD + JAR) so that it connects to another gateway: only string
 * constants change, in the classes that hold them, and the JAD is made to describe the new JAR.
 */
public final class MidletPatcher {
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** The old web site's prefix, rewritten only when the options give a web address. */
    static final String OLD_WEB = "http://www.mig33.com/";
    private static final List<String> NOTIFY_ATTRIBUTES = List.of("MIDlet-Install-Notify", "MIDlet-Delete-Notify");
    private static final List<String> IDENTITY = List.of("MIDlet-Name", "MIDlet-Version", "MIDlet-Vendor");
    private static final long MAX_INPUT = 16L << 20;

    private MidletPatcher() {}

    /**
     * Writes the patched JAD and JAR into {@code outDir} under the originals' file names, and says what
     * changed. The originals are only read.
     *
     * @param jadPath the original JAD
     * @param jarPath the original JAR; null for the file named by the JAD's MIDlet-Jar-URL, beside the JAD
     * @param options the new endpoints
     * @param outDir where the copies go (created if missing); it must not hold the originals
     * @throws MidletPatchException for a file or MIDlet this tool refuses, with what it expected
     */
    public static MidletPatchResult patch(Path jadPath, Path jarPath, MidletPatchOptions options, Path outDir)
            throws IOException {
        Originals originals = Originals.read(jadPath, jarPath);
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new MidletPatchException("--out " + outDir + " is not a directory");
        }
        Path outJad = outDir.resolve(originals.jadName());
        Path outJar = outDir.resolve(originals.jarName());
        refuseOverwriting(outJad, jadPath, originals.jarPath());
        refuseOverwriting(outJar, jadPath, originals.jarPath());
        Copy copy = copy(originals, options, originals.jarName());
        Files.createDirectories(outDir);
        writeAtomically(outJar, copy.jar());
        writeAtomically(outJad, copy.jad());
        return new MidletPatchResult(copy.version(), outJad, outJar, copy.changes(), copy.notes());
    }

    /**
     * An original JAD and its JAR as read (each at most 16 MiB).
     *
     * @param jarPath where the JAR was read from
     */
    public record Originals(String jadName, byte[] jad, String jarName, Path jarPath, byte[] jar) {
        /**
         * Reads a JAD and its JAR.
         *
         * @param jarPath the JAR; null for the file named by the JAD's MIDlet-Jar-URL, beside the JAD
         * @throws MidletPatchException when either is missing or too large, or the JAD names no JAR
         */
        public static Originals read(Path jadPath, Path jarPath) throws IOException {
            byte[] jad = readInput(jadPath, "JAD");
            Jad parsed = Jad.parse(jad);
            requireIdentity(jadPath.getFileName().toString(), parsed);
            Path jarIn = jarPath != null ? jarPath : jarBesideJad(jadPath, parsed);
            return new Originals(jadPath.getFileName().toString(), jad, jarIn.getFileName().toString(), jarIn,
                    readInput(jarIn, "JAR"));
        }
    }

    /**
     * A patched JAD and JAR in memory, and what changed.
     *
     * @param jad the JAD, whose MIDlet-Jar-Size is the length of {@code jar}
     */
    public record Copy(String version, byte[] jad, byte[] jar, List<Change> changes, List<String> notes) {}

    /**
     * The patched copy of {@code originals}, in memory; nothing is written.
     *
     * @param jarUrl the new JAD's MIDlet-Jar-URL (the JAR's file name beside the JAD, or where it is served)
     * @throws MidletPatchException for a MIDlet this tool refuses, with what it expected
     */
    public static Copy copy(Originals originals, MidletPatchOptions options, String jarUrl) {
        String jadName = originals.jadName();
        String jarName = originals.jarName();
        Jad jad = Jad.parse(originals.jad());
        requireIdentity(jadName, jad);
        byte[] original = originals.jar();

        ZipArchive zip;
        try {
            zip = ZipArchive.read(original);
        } catch (IllegalArgumentException e) {
            throw new MidletPatchException(jarName + " is not a JAR (" + e.getMessage() + "): expected a MIDlet JAR,"
                    + " a ZIP archive holding " + MANIFEST + " and the MIDlet's classes");
        }
        ZipArchive.Entry manifestEntry = zip.entries().stream().filter(e -> e.name().equals(MANIFEST)).findFirst()
                .orElseThrow(() -> new MidletPatchException(jarName + " has no " + MANIFEST + ": expected a MIDlet JAR"));
        byte[] manifest = content(zip, manifestEntry, jarName);
        Attributes main;
        try {
            main = ManifestText.mainAttributes(manifest);
        } catch (IllegalArgumentException e) {
            throw new MidletPatchException(jarName + ": " + e.getMessage());
        }
        for (String name : IDENTITY) {
            if (!jad.value(name).equals(main.getValue(name))) {
                throw new MidletPatchException(jadName + " and " + jarName + " disagree on " + name + ": the JAD says \""
                        + jad.value(name) + "\", the manifest " + (main.getValue(name) == null ? "has none"
                        : "says \"" + main.getValue(name) + "\"") + " (MIDP requires them equal: is this the JAD of that JAR?)");
            }
        }
        String version = main.getValue("MIDlet-Version");

        Map<String, ClassConstants> classes = new LinkedHashMap<>();
        for (ZipArchive.Entry e : zip.entries()) {
            if (e.name().endsWith(".class")) {
                try {
                    classes.put(e.name(), ClassConstants.parse(content(zip, e, jarName)));
                } catch (IllegalArgumentException x) {
                    throw new MidletPatchException(jarName + ": " + e.name() + " is not a well-formed class file ("
                            + x.getMessage() + ")");
                }
            }
        }
        KnownMidlets.Build build = recognise(jarName, version, classes);

        List<Change> changes = new ArrayList<>();
        Map<String, byte[]> replaced = new LinkedHashMap<>();
        for (Map.Entry<String, ClassConstants> c : classes.entrySet()) {
            byte[] patched = patchClass(c.getKey(), c.getValue(), build.classes().getOrDefault(c.getKey(), Set.of()),
                    options, changes, version);
            if (patched != null) {
                replaced.put(c.getKey(), patched);
            }
        }
        if (options.webUrl() != null) {
            for (String name : NOTIFY_ATTRIBUTES) {
                String value = main.getValue(name);
                if (value != null && value.startsWith(OLD_WEB)) {
                    String to = options.webUrl() + value.substring(OLD_WEB.length());
                    manifest = ManifestText.withMainAttribute(manifest, name, to);
                    changes.add(new Change(MANIFEST + " " + name, value, to));
                }
            }
            if (!Arrays.equals(manifest, content(zip, manifestEntry, jarName))) {
                replaced.put(MANIFEST, manifest);
            }
        }
        byte[] patchedJar = zip.with(replaced);
        checkReadsBack(zip, patchedJar, replaced, jarName);

        List<String> notes = new ArrayList<>();
        String declaredSize = jad.value("MIDlet-Jar-Size");
        if (!Long.toString(original.length).equals(declaredSize)) {
            notes.add(jadName + " gave MIDlet-Jar-Size " + declaredSize + " for a JAR of " + original.length + " bytes");
        }
        if (options.webUrl() != null) {
            for (String name : NOTIFY_ATTRIBUTES) {
                String value = jad.value(name);
                if (value != null && value.startsWith(OLD_WEB)) {
                    String to = options.webUrl() + value.substring(OLD_WEB.length());
                    jad.set(name, to);
                    changes.add(new Change(jadName + " " + name, value, to));
                }
            }
        }
        for (String name : jad.names()) {
            // a signature covers the original JAR's bytes: it cannot describe the patched one
            if (name.equals("MIDlet-Jar-RSA-SHA1") || name.startsWith("MIDlet-Certificate-")) {
                jad.remove(name);
                notes.add("dropped " + name + " from the JAD: a signature cannot survive a patch (the copy is unsigned)");
            }
        }
        setJad(jad, jadName, "MIDlet-Jar-URL", jarUrl, changes);
        setJad(jad, jadName, "MIDlet-Jar-Size", Integer.toString(patchedJar.length), changes);

        return new Copy(version, jad.bytes(), patchedJar, changes, notes);
    }

    private static void requireIdentity(String jadName, Jad jad) {
        for (String required : IDENTITY) {
            if (jad.value(required) == null) {
                throw new MidletPatchException(jadName + " is not a MIDlet descriptor (JAD): it has no " + required
                        + " attribute");
            }
        }
    }

    /** The known build this JAR is, checked against where its endpoint strings really are. */
    private static KnownMidlets.Build recognise(String jarName, String version, Map<String, ClassConstants> classes) {
        // every string naming the original host, in any class, whatever it is used for
        Map<String, Set<String>> found = new TreeMap<>();
        for (Map.Entry<String, ClassConstants> c : classes.entrySet()) {
            for (String text : c.getValue().allUtf8().values()) {
                if (text.contains(GatewayEndpoint.ORIGINAL_HOST)) {
                    found.computeIfAbsent(c.getKey(), k -> new TreeSet<>()).add(text);
                }
            }
        }
        if (found.isEmpty()) {
            throw new MidletPatchException(jarName + " has none of the mig33 gateway endpoints compiled in: expected a"
                    + " class with the strings \"" + GatewayEndpoint.HOST.original() + "\", \"" + GatewayEndpoint.PORT.original()
                    + "\" and \"" + GatewayEndpoint.FALLBACK_PORT.original() + "\" (or \"" + GatewayEndpoint.SOCKET_URL.original()
                    + "\"), as in the mig33 MIDlets " + String.join(", ", KnownMidlets.versions()));
        }
        KnownMidlets.Build build = KnownMidlets.byVersion(version);
        if (build == null) {
            throw new MidletPatchException(jarName + " is a MIDlet with the mig33 gateway compiled in " + found
                    + ", but of MIDlet-Version " + version + ", which this tool does not know (it knows "
                    + String.join(", ", KnownMidlets.versions()) + "): a build is patched only once every use of its"
                    + " port strings has been checked");
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        for (Map.Entry<String, Set<GatewayEndpoint>> c : build.classes().entrySet()) {
            ClassConstants cc = classes.get(c.getKey());
            for (GatewayEndpoint endpoint : c.getValue()) {
                if (endpoint.namesHost()) {
                    expected.computeIfAbsent(c.getKey(), k -> new TreeSet<>()).add(endpoint.original());
                }
                if (cc == null || !cc.literals().containsValue(endpoint.original())) {
                    throw differentBuild(jarName, version, c.getKey() + " has no string constant \""
                            + endpoint.original() + "\"");
                }
            }
            if (cc.major() > 48) {
                throw differentBuild(jarName, version, c.getKey() + " is a class file of Java 5 or later");
            }
        }
        if (!expected.equals(found)) {
            throw differentBuild(jarName, version, "expected the gateway in " + expected + ", found it in " + found);
        }
        return build;
    }

    private static MidletPatchException differentBuild(String jarName, String version, String why) {
        return new MidletPatchException(jarName + " says MIDlet-Version " + version + " but is not the " + version
                + " build this tool knows: " + why);
    }

    /** The class with its endpoint (and, if asked, web) literals rewritten; null when nothing changes. */
    private static byte[] patchClass(String name, ClassConstants cc, Set<GatewayEndpoint> endpoints,
                                     MidletPatchOptions options, List<Change> changes, String version) {
        Map<Integer, String> replacements = new TreeMap<>();
        for (Map.Entry<Integer, String> literal : cc.literals().entrySet()) {
            String text = literal.getValue();
            String to = null;
            for (GatewayEndpoint endpoint : endpoints) {
                if (endpoint.original().equals(text)) {
                    to = endpoint.replacement(options);
                }
            }
            if (to == null && options.webUrl() != null && text.startsWith(OLD_WEB)) {
                to = options.webUrl() + text.substring(OLD_WEB.length());
            }
            if (to != null && !to.equals(text)) {
                replacements.put(literal.getKey(), to);
                changes.add(new Change(name, text, to));
            }
        }
        if (replacements.isEmpty()) {
            return null;
        }
        refuseSettingClash(name, cc, replacements, options, version);
        byte[] patched = cc.withUtf8(replacements);
        ClassConstants.parse(patched); // a copy that does not parse back is a bug here, not a MIDlet to ship
        return patched;
    }

    /**
     * From 4.20 the fallback port's literal "25" is also a setting's name, so its new text must not be
     * the text of another constant of the class (such as "26", the setting that holds the port).
     */
    private static void refuseSettingClash(String name, ClassConstants cc, Map<Integer, String> replacements,
                                           MidletPatchOptions options, String version) {
        String fallback = Integer.toString(options.fallbackPort());
        Set<Integer> fallbackIndices = new TreeSet<>();
        replacements.forEach((index, text) -> {
            if (text.equals(fallback) && GatewayEndpoint.FALLBACK_PORT.original().equals(cc.utf8(index))) {
                fallbackIndices.add(index);
            }
        });
        if (fallbackIndices.isEmpty()) {
            return;
        }
        for (Map.Entry<Integer, String> other : cc.allUtf8().entrySet()) {
            if (!fallbackIndices.contains(other.getKey())
                    && fallback.equals(replacements.getOrDefault(other.getKey(), other.getValue()))) {
                throw new MidletPatchException("--fallback-port " + fallback + " cannot be used with MIDlet " + version
                        + ": \"" + fallback + "\" is already a constant of " + name + ", and the fallback port's"
                        + " text \"25\" is also used there as a name; choose another port");
            }
        }
    }

    private static void setJad(Jad jad, String jadName, String name, String value, List<Change> changes) {
        String old = jad.value(name);
        if (!value.equals(old)) {
            jad.set(name, value);
            changes.add(new Change(jadName + " " + name, old == null ? "" : old, value));
        }
    }

    /** Reads the new JAR back (both its records and its central directory) and compares every entry. */
    private static void checkReadsBack(ZipArchive original, byte[] patchedJar, Map<String, byte[]> replaced,
                                       String jarName) {
        ZipArchive copy = ZipArchive.read(patchedJar);
        List<ZipArchive.Entry> before = original.entries();
        List<ZipArchive.Entry> after = copy.entries();
        if (before.size() != after.size()) {
            throw new IllegalStateException("the patched " + jarName + " lost entries");
        }
        for (int i = 0; i < before.size(); i++) {
            byte[] expected = replaced.getOrDefault(before.get(i).name(), null);
            if (expected == null) {
                expected = original.content(before.get(i));
            }
            if (!before.get(i).name().equals(after.get(i).name()) || !Arrays.equals(expected, copy.content(after.get(i)))) {
                throw new IllegalStateException("the patched " + jarName + " does not read back as written at "
                        + before.get(i).name());
            }
        }
    }

    private static byte[] content(ZipArchive zip, ZipArchive.Entry e, String jarName) {
        try {
            return zip.content(e);
        } catch (IllegalArgumentException x) {
            throw new MidletPatchException(jarName + " is damaged: " + x.getMessage());
        }
    }

    /** The JAR the JAD's MIDlet-Jar-URL names, beside the JAD. */
    static Path jarBesideJad(Path jadPath, Jad jad) {
        String url = jad.value("MIDlet-Jar-URL");
        if (url == null || url.isEmpty()) {
            throw new MidletPatchException(jadPath.getFileName() + " has no MIDlet-Jar-URL: give the JAR with --jar");
        }
        String name = url.substring(url.lastIndexOf('/') + 1);
        int query = name.indexOf('?');
        name = query >= 0 ? name.substring(0, query) : name;
        if (name.isEmpty() || name.equals("..") || name.equals(".") || name.contains("\\")) {
            throw new MidletPatchException("MIDlet-Jar-URL " + url + " names no file: give the JAR with --jar");
        }
        Path jar = jadPath.toAbsolutePath().getParent().resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new MidletPatchException("no JAR at " + jar + " (the file MIDlet-Jar-URL " + url + " names, beside the"
                    + " JAD): give it with --jar");
        }
        return jar;
    }

    private static byte[] readInput(Path path, String what) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new MidletPatchException("no " + what + " at " + path);
        }
        if (Files.size(path) > MAX_INPUT) {
            throw new MidletPatchException(path + " is " + Files.size(path) + " bytes: too large for a MIDlet " + what);
        }
        return Files.readAllBytes(path);
    }

    private static void refuseOverwriting(Path out, Path jad, Path jar) throws IOException {
        if (Files.exists(out) && (Files.isSameFile(out, jad) || Files.isSameFile(out, jar))) {
            throw new MidletPatchException("the output " + out + " is an original: the originals are never overwritten,"
                    + " give --out another directory");
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".midlet-patch-", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
