package dev.revenant.midlets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * One phone's class loader: the emulator (and the harness's code that runs inside the phone) loaded afresh,
 * so every phone has its own emulator state (MicroEmulator keeps the running MIDlet in static fields), and
 * the emulator's classes pass through {@link EmulatorCorrections} on the way in. Everything else, the JDK
 * and the harness's interfaces, comes from the parent, so the test talks to the phone through them.
 */
final class PhoneClassLoader extends URLClassLoader {
    /** Packages this loader defines itself instead of asking the parent. */
    private static final List<String> OWN = List.of("org.microemu.", "javax.microedition.", "com.barteo.",
            "nanoxml.", "org.objectweb.asm.", "com.sun.cdc.", "dev.revenant.midlets.inside.");

    static {
        registerAsParallelCapable();
    }

    /** @param memoryCard MicroEmulator's JSR-75 extension (FileConnection), a phone's memory card */
    PhoneClassLoader(URL emulatorJar, URL harnessClasses, URL memoryCard) {
        super(new URL[] {harnessClasses, emulatorJar, memoryCard}, PhoneClassLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (OWN.stream().noneMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = defineCorrected(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> defineCorrected(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        URL url = findResource(path);
        if (url == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = EmulatorCorrections.apply(path, in.readAllBytes());
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    @Override
    public URL getResource(String name) {
        // the emulator's own resources (device skins, fonts) from its jar first, like its classes
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
