package dev.revenant.app.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How an admin command gets a password without putting it on its command line, where {@code ps} and the
 * shell history show it: asked for twice without echo on a terminal, or read from the first line of a file
 * ({@code --password-file FILE}) or of standard input ({@code --password-stdin}). {@code --password=PW}
 * still works for scripts, visible as it is. With nothing given the command asks, as with a bare
 * {@code --password}. A command the running server runs for the operator carries the password the operator's
 * {@code revenant} read ({@link RunningServer#commandLineOf}); in the server nothing is asked or read.
 */
public final class PasswordOptions {
    /** The option a forwarded command line carries the password in. */
    public static final String PASSWORD = "--password";

    private final boolean inServer;

    @Option(names = PASSWORD, arity = "0..1", paramLabel = "PW",
            description = "The password. Without a value (or without any password option) it is asked for twice, "
                    + "without echo. A value here is visible to other users in ps and stays in the shell history: "
                    + "prefer the prompt, --password-file or --password-stdin.")
    String given;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE (keep it owner-only).")
    Path file;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean stdin;

    private String resolved;

    public PasswordOptions() {
        this(false);
    }

    PasswordOptions(boolean inServer) {
        this.inServer = inServer;
    }

    /** Whether the password came with the command line as a value ({@code --password PW}). */
    private boolean typedInline() {
        return given != null && !given.isEmpty();
    }

    /**
     * The password, read once: from {@code --password PW}, the file, standard input, or the terminal.
     *
     * @throws IllegalArgumentException when it cannot be had (two sources, no terminal and no input, two
     *     different answers at the prompt, an empty one), with a message for the operator
     */
    public String password() {
        if (resolved != null) {
            return resolved;
        }
        int sources = (given != null ? 1 : 0) + (file != null ? 1 : 0) + (stdin ? 1 : 0);
        if (sources > 1) {
            throw new UsageException("give the password one way: --password, --password-file or --password-stdin");
        }
        String password;
        if (typedInline()) {
            password = given;
        } else if (inServer) {
            // nobody is there to answer, and the server's files and input are not the operator's
            throw new UsageException("Missing required parameter for option '" + PASSWORD
                    + "': a command the server runs carries its password as " + PASSWORD + "=PW");
        } else if (file != null) {
            password = fromFile(file);
        } else if (stdin) {
            password = firstLineOfInput();
        } else {
            password = ask();
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        resolved = password;
        return password;
    }

    /**
     * The password to write into a forwarded command line, if this command read it from somewhere other
     * than its command line (the prompt, a file, standard input); empty if the command line holds it already
     * or it was never read.
     */
    java.util.Optional<String> toCarry() {
        return resolved == null || typedInline() ? java.util.Optional.empty() : java.util.Optional.of(resolved);
    }

    /** The arguments that named where the password comes from, without their values: dropped when it is carried. */
    static List<String> sourceOptions() {
        return List.of(PASSWORD, "--password-file", "--password-stdin");
    }

    private static String fromFile(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    private static String firstLineOfInput() {
        try {
            // not closed: standard input belongs to the process
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Twice, without echo, on the terminal; without one (input piped in) the first line of the input. */
    private static String ask() {
        Console console = System.console();
        if (console == null) {
            return firstLineOfInput();
        }
        char[] first = console.readPassword("Password: ");
        char[] second = first == null ? null : console.readPassword("Password again: ");
        if (first == null || second == null) {
            throw new IllegalArgumentException("no password given");
        }
        try {
            if (!Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the passwords do not match");
            }
            return new String(first);
        } finally {
            Arrays.fill(first, ' ');
            Arrays.fill(second, ' ');
        }
    }
}
