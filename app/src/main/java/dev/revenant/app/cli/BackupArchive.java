package dev.revenant.app.cli;

import dev.revenant.core.store.DataDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * What {@code revenant backup} writes and {@code revenant restore} reads: one ZIP file with a manifest
 * ({@value #MANIFEST}) and the files of a data directory under the names they have there:
 * {@code revenant.mv.db} (the embedded database, absent for PostgreSQL), {@code secret.key},
 * {@code admin.token}, and when present {@code pangya/keys.bin} and {@code audit.log}. Only these names
 * are ever read back, so an archive cannot place a file anywhere else.
 */
final class BackupArchive {
    static final String MANIFEST = "revenant-backup.properties";
    static final String FORMAT = "1";
    static final String DATABASE = dev.revenant.core.store.Database.EMBEDDED_FILE;
    static final String SECRET_KEY = "secret.key";
    static final String ADMIN_TOKEN = "admin.token";
    /** The files besides the database, in the order they are written; the first two are required. */
    static final List<String> FILES = List.of(SECRET_KEY, ADMIN_TOKEN, "pangya/keys.bin", "audit.log");

    private BackupArchive() {}

    /**
     * Writes the database file out of {@code h2Backup} (H2's {@code BACKUP TO} ZIP; null for none) and
     * {@code entries} (name in the archive → file) to {@code target}: first to a temporary file beside it,
     * owner-only, then moved into place, so a failed backup never leaves a half archive under the name an
     * operator expects.
     */
    static void write(Path target, Path h2Backup, Map<String, Path> entries, Properties manifest) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, absolute.getFileName().toString(), ".part", DataDirectory.ownerOnlyFile(dir));
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                manifest.store(zip, "revenant backup");
                zip.closeEntry();
                if (h2Backup != null) {
                    copyDatabase(h2Backup, zip);
                }
                for (Map.Entry<String, Path> entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    Files.copy(entry.getValue(), zip);
                    zip.closeEntry();
                }
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The manifest of a new backup. */
    static Properties manifest(String store, boolean withDatabase) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("createdAt", Instant.now().toString());
        p.setProperty("store", store);
        p.setProperty("database", String.valueOf(withDatabase));
        return p;
    }

    /** The one entry of an H2 {@code BACKUP TO} file, the database file, into the archive. */
    private static void copyDatabase(Path h2Backup, ZipOutputStream zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(h2Backup))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(DATABASE)) {
                    zip.putNextEntry(new ZipEntry(DATABASE));
                    in.transferTo(zip);
                    zip.closeEntry();
                    return;
                }
            }
        }
        throw new IllegalStateException("the database copy " + h2Backup + " holds no " + DATABASE);
    }

    /** An archive opened for restoring: its manifest and the names it holds. */
    record Opened(ZipFile zip, Properties manifest) implements AutoCloseable {
        boolean has(String name) {
            return zip.getEntry(name) != null;
        }

        /** Writes entry {@code name} to {@code target}, created owner-only (replacing a file there). */
        void extract(String name, Path target) throws IOException {
            Path parent = target.toAbsolutePath().getParent();
            if (Files.notExists(parent)) {
                Files.createDirectories(parent, DataDirectory.ownerOnlyDirectory(parent));
            }
            Files.deleteIfExists(target);
            Files.createFile(target, DataDirectory.ownerOnlyFile(target));
            try (InputStream in = zip.getInputStream(zip.getEntry(name)); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** Opens a backup for restoring; refuses a file that is not one. */
    static Opened open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no backup at " + file);
        }
        try {
            ZipFile zip = new ZipFile(file.toFile());
            ZipEntry manifestEntry = zip.getEntry(MANIFEST);
            if (manifestEntry == null) {
                zip.close();
                throw new IllegalStateException(file + " is not a revenant backup (no " + MANIFEST + ")");
            }
            Properties manifest = new Properties();
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
            }
            if (!FORMAT.equals(manifest.getProperty("format"))) {
                zip.close();
                throw new IllegalStateException(file + " is a backup of format " + manifest.getProperty("format")
                        + ", which this revenant does not read (it reads format " + FORMAT + ")");
            }
            for (String required : List.of(SECRET_KEY, ADMIN_TOKEN)) {
                if (zip.getEntry(required) == null) {
                    zip.close();
                    throw new IllegalStateException(file + " holds no " + required);
                }
            }
            return new Opened(zip, manifest);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalStateException(file + " is not a revenant backup (not a ZIP file)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The files of {@link #FILES} that {@code dataDir} (and the configured token file) has, by archive name. */
    static Map<String, Path> dataFiles(Path dataDir, Path adminToken) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : FILES) {
            Path file = name.equals(ADMIN_TOKEN) ? adminToken : dataDir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put(name, file);
            }
        }
        return files;
    }
}
