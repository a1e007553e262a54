package dev.revenant.app.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.revenant.core.log.LogText;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every admin action, from the command line and the API or console: who, what, when, from where, and how
 * it ended. One JSON line per action in {@code DATA/audit.log} (owner-only), appended by whichever process
 * acts (a command run on the store directly, or the server), and one log line ({@code event=admin_action}).
 * Arguments that may be secrets (passwords) are never part of an entry.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger("revenant.audit");
    public static final String FILE = "audit.log";
    /** The most entries one read returns, and how much of the file's end it reads for them. */
    public static final int MAX_READ = 1000;
    static final int TAIL_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * One action. {@code who}: the operator ({@code console:NAME}, {@code api}, {@code cli:USER}); {@code from}:
     * the address or the machine; {@code action}: what ({@code user ban}); {@code target}: on whom or what;
     * {@code outcome}: {@code ok}, or why it was refused.
     */
    public record Entry(String at, String who, String from, String action, String target, String outcome) {}

    private final Path file;

    public AuditLog(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** Appends one action (one write, so lines of two processes never interleave). */
    public void record(String who, String from, String action, String target, String outcome) {
        Entry e = new Entry(Instant.now().toString(), who, from, action, target == null ? "" : target, outcome);
        log.info("event=admin_action who=\"{}\" from={} action=\"{}\" target=\"{}\" outcome=\"{}\"", LogText.escape(who),
                LogText.escape(from), LogText.escape(action), LogText.escape(e.target()), LogText.escape(outcome));
        try {
            byte[] line = (JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (AuditLog.class) {
                if (Files.notExists(file) && Files.getFileStore(file.toAbsolutePath().getParent())
                        .supportsFileAttributeView("posix")) {
                    try {
                        // owner-only from its first byte: it names who acted on whom
                        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                    } catch (java.nio.file.FileAlreadyExistsException anotherProcessWasFirst) {
                        // appended below like any existing file
                    }
                }
                Files.write(file, line, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
            }
        } catch (IOException ex) {
            // the action is done; an audit file that cannot be written is said, never silently skipped
            log.error("event=audit_write_failed file={} reason=\"{}\"", file, LogText.escape(ex.toString()));
        }
    }

    /** The latest {@code limit} entries (at most {@link #MAX_READ}), newest first. */
    public List<Entry> latest(int limit) {
        int n = Math.max(0, Math.min(limit, MAX_READ));
        if (Files.notExists(file)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - TAIL_BYTES);
            byte[] tail = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            // the first line of a cut tail is partial
            for (int i = lines.length - 1; i >= (start > 0 ? 1 : 0) && entries.size() < n; i--) {
                if (!lines[i].isBlank()) {
                    entries.add(JSON.readValue(lines[i], Entry.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return entries;
    }
}
