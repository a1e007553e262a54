package dev.revenant.midlets.inside;

import java.io.InputStream;
import org.microemu.MIDletBridge;

/**
 * A MIDlet's own resources where MicroEmulator cannot tell whose they are: its {@code Image.createImage(String)}
 * looks in the current MIDlet's JAR, and on a thread it knows no MIDlet of, in its own classes. The MIDlet is
 * then the caller: the first class on the stack that its MIDlet class loader loaded.
 */
public final class MidletResources {
    private MidletResources() {}

    /** The resource from the calling MIDlet's JAR when the emulator knows no current MIDlet; else null. */
    public static InputStream ownerless(String name) {
        if (MIDletBridge.getCurrentMIDlet() != null) {
            return null; // the emulator finds it itself
        }
        String path = name.startsWith("/") ? name.substring(1) : name;
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .map(Class::getClassLoader)
                .filter(loader -> loader != null && loader.getClass().getName().startsWith("org.microemu.app.classloader"))
                .map(loader -> loader.getResourceAsStream(path))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null));
    }
}
