package dev.revenant.app.midlet;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link MidletPatcher#patch} wrote and changed.
 *
 * @param version the MIDlet-Version of the patched build
 * @param jad the JAD written
 * @param jar the JAR written
 * @param changes every string changed, in the order of the JAR's entries, then the manifest's and the JAD's
 * @param notes things the operator should know (a signature dropped, a JAD that did not match its JAR's size)
 */
public record MidletPatchResult(String version, Path jad, Path jar, List<Change> changes, List<String> notes) {
    public MidletPatchResult {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /**
     * One string changed.
     *
     * @param where a JAR entry ({@code bc.class}, {@code META-INF/MANIFEST.MF MIDlet-Install-Notify}) or a
     *     JAD attribute ({@code mig33v46.jad MIDlet-Jar-URL})
     * @param from the original text
     * @param to the new text
     */
    public record Change(String where, String from, String to) {
        @Override
        public String toString() {
            return where + ": \"" + from + "\" -> \"" + to + "\"";
        }
    }
}
