package dev.revenant.app.midlet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A JAR read as raw ZIP records, so that a copy can replace a few entries and keep every other one
 * byte for byte: its local header, compressed data, data descriptor and central-directory record, in
 * the same order. java.util.zip would re-compress every entry and drop what it does not model.
 */
final class ZipArchive {
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int DESCRIPTOR = 0x08074b50;
    /** No entry of a MIDlet comes near this; it keeps a hostile size field from asking for gigabytes. */
    private static final long MAX_ENTRY = 64L << 20;

    /** One entry: where its local record and its central-directory record are in the original bytes. */
    record Entry(String name, int method, int flags, long crc, int compressedSize, int size,
                 int localStart, int localEnd, int centralStart, int centralEnd) {}

    private final byte[] zip;
    private final List<Entry> entries;
    private final int centralStart;
    private final int endStart;

    private ZipArchive(byte[] zip) {
        this.zip = zip;
        endStart = findEnd();
        if (u2(endStart + 4) != 0 || u2(endStart + 6) != 0 || u2(endStart + 8) != u2(endStart + 10)) {
            throw new IllegalArgumentException("a ZIP split over several disks");
        }
        int count = u2(endStart + 10);
        long size = u4(endStart + 12);
        long offset = u4(endStart + 16);
        if (count == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a ZIP64 archive (a MIDlet JAR is far smaller)");
        }
        if (offset + size != endStart) {
            throw new IllegalArgumentException("the central directory is not where the end record says");
        }
        centralStart = (int) offset;
        List<Entry> list = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        int at = centralStart;
        int expectedLocal = 0;
        for (int i = 0; i < count; i++) {
            if (u4(at) != CENTRAL) {
                throw new IllegalArgumentException("central-directory record " + i + " is damaged");
            }
            int flags = u2(at + 8);
            int method = u2(at + 10);
            long crc = u4(at + 16);
            long compressed = u4(at + 20);
            long plain = u4(at + 24);
            int nameLength = u2(at + 28);
            int centralEnd = at + 46 + nameLength + u2(at + 30) + u2(at + 32);
            int local = (int) u4(at + 42);
            String name = new String(zip, at + 46, nameLength,
                    (flags & 0x800) != 0 ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.StandardCharsets.ISO_8859_1);
            // the rewrite lays the records out again one after the other: only a plain layout is accepted
            if (local != expectedLocal || u4(local) != LOCAL) {
                throw new IllegalArgumentException("entry " + name + " is not where a plain ZIP would have it");
            }
            if ((flags & 1) != 0) {
                throw new IllegalArgumentException("entry " + name + " is encrypted");
            }
            if (method != 0 && method != 8) {
                throw new IllegalArgumentException("entry " + name + " uses compression method " + method);
            }
            if (plain > MAX_ENTRY || compressed > zip.length) {
                throw new IllegalArgumentException("entry " + name + " claims " + plain + " bytes (a MIDlet's are far smaller)");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("entry " + name + " is in the archive twice");
            }
            int dataStart = local + 30 + u2(local + 26) + u2(local + 28);
            int localEnd = (int) (dataStart + compressed);
            if ((flags & 8) != 0) {
                localEnd += u4(localEnd) == DESCRIPTOR ? 16 : 12;
            }
            if (localEnd > centralStart || centralEnd > endStart) {
                throw new IllegalArgumentException("entry " + name + " runs past its end");
            }
            list.add(new Entry(name, method, flags, crc, (int) compressed, (int) plain, local, localEnd, at, centralEnd));
            expectedLocal = localEnd;
            at = centralEnd;
        }
        if (expectedLocal != centralStart || at != endStart) {
            throw new IllegalArgumentException("there are bytes between the ZIP records");
        }
        entries = Collections.unmodifiableList(list);
    }

    /** Reads a ZIP; IllegalArgumentException naming what is wrong when it is not a plain one. */
    static ZipArchive read(byte[] zip) {
        try {
            return new ZipArchive(zip);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a ZIP record runs past the end of the file");
        }
    }

    /** The entries in the order of the archive. */
    List<Entry> entries() {
        return entries;
    }

    /** The uncompressed content of an entry, checked against its CRC. */
    byte[] content(Entry e) {
        int dataStart = e.localStart() + 30 + u2(e.localStart() + 26) + u2(e.localStart() + 28);
        byte[] data;
        if (e.method() == 0) {
            data = java.util.Arrays.copyOfRange(zip, dataStart, dataStart + e.compressedSize());
        } else {
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(zip, dataStart, e.compressedSize());
                data = new byte[e.size()];
                int n = 0;
                while (n < data.length && !inflater.finished()) {
                    int got = inflater.inflate(data, n, data.length - n);
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += got;
                }
                if (n != data.length) {
                    throw new IllegalArgumentException("entry " + e.name() + " inflates to fewer bytes than its size");
                }
            } catch (DataFormatException x) {
                throw new IllegalArgumentException("entry " + e.name() + " is not valid deflate data");
            } finally {
                inflater.end();
            }
        }
        if (crc(data) != e.crc() || data.length != e.size()) {
            throw new IllegalArgumentException("entry " + e.name() + " does not match its CRC");
        }
        return data;
    }

    /**
     * A copy with new content for the named entries. Those get a fresh local record (same name, time,
     * method and extra field, sizes in the header instead of a data descriptor); every other record is
     * copied unchanged, and the central directory and end record follow with the new offsets.
     */
    byte[] with(Map<String, byte[]> replacements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length + 1024);
        ByteArrayOutputStream central = new ByteArrayOutputStream(endStart - centralStart);
        for (Entry e : entries) {
            int newLocal = out.size();
            byte[] content = replacements.get(e.name());
            byte[] centralRecord = java.util.Arrays.copyOfRange(zip, e.centralStart(), e.centralEnd());
            if (content == null) {
                out.write(zip, e.localStart(), e.localEnd() - e.localStart());
            } else {
                byte[] data = e.method() == 0 ? content : deflate(content);
                long crc = crc(content);
                int flags = e.flags() & ~8; // sizes are known now: no data descriptor
                byte[] header = java.util.Arrays.copyOfRange(zip, e.localStart(),
                        e.localStart() + 30 + u2(e.localStart() + 26) + u2(e.localStart() + 28));
                put2(header, 6, flags);
                put4(header, 14, crc);
                put4(header, 18, data.length);
                put4(header, 22, content.length);
                out.write(header, 0, header.length);
                out.write(data, 0, data.length);
                put2(centralRecord, 8, flags);
                put4(centralRecord, 16, crc);
                put4(centralRecord, 20, data.length);
                put4(centralRecord, 24, content.length);
            }
            put4(centralRecord, 42, newLocal);
            central.write(centralRecord, 0, centralRecord.length);
        }
        int newCentralStart = out.size();
        out.write(central.toByteArray(), 0, central.size());
        byte[] end = java.util.Arrays.copyOfRange(zip, endStart, zip.length);
        put4(end, 12, central.size());
        put4(end, 16, newCentralStart);
        out.write(end, 0, end.length);
        return out.toByteArray();
    }

    private int findEnd() {
        // the end record is 22 bytes plus a comment of at most 65535
        for (int at = zip.length - 22; at >= 0 && at >= zip.length - 22 - 0xFFFF; at--) {
            if (u4(at) == END && at + 22 + u2(at + 20) == zip.length) {
                return at;
            }
        }
        throw new IllegalArgumentException("no ZIP end-of-central-directory record");
    }

    private static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(content);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private int u2(int at) {
        return (zip[at] & 0xFF) | (zip[at + 1] & 0xFF) << 8;
    }

    private long u4(int at) {
        return (u2(at) | (long) u2(at + 2) << 16) & 0xFFFFFFFFL;
    }

    private static void put2(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void put4(byte[] b, int at, long v) {
        put2(b, at, (int) v);
        put2(b, at + 2, (int) (v >> 16));
    }
}
