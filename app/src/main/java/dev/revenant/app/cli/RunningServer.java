package dev.revenant.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.DataDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Admin commands while the server runs. The embedded database is open in one process only and listens on
 * no port, so an admin command that finds it held hands its command line to the server running on the
 * same data directory: {@code POST /admin/commands} with the admin token, answered with the exit code and
 * what the command printed. The server writes where its HTTP API answers to {@code admin.url} in the data
 * directory when it starts (and removes it when it stops), so the command finds the server that holds
 * this data directory whatever ports flags gave it.
 */
public final class RunningServer {
    /** The route of the running server that runs a forwarded command. */
    public static final String COMMANDS_PATH = "/admin/commands";
    /** The file in the data directory that says where the running server's HTTP API answers. */
    public static final String ENDPOINT_FILE = "admin.url";
    /** The commands that work on the store and so may run in the server; never {@code serve}, {@code bench} or {@code config}. */
    /** Names, for the audit log, the account on the machine the operator typed the command on. */
    public static final String OPERATOR_HEADER = "X-Revenant-Operator";
    public static final Set<String> FORWARDABLE = Set.of("user", "contact", "group", "room", "pangya");
    /** A command is a few statements; one that takes longer than this is reported, not waited for. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningServer() {}

    /** Whether the command line names a command the server may run for the operator. */
    public static boolean forwardable(ParseResult root) {
        ParseResult first = root.subcommand();
        return first != null && FORWARDABLE.contains(first.commandSpec().name());
    }

    /**
     * The command line to forward: as typed (after {@code @file} expansion, which the server does not do),
     * with each value that was asked for interactively written in ({@code --password=...}), since the
     * server cannot ask anyone.
     */
    public static List<String> commandLineOf(ParseResult root) {
        List<String> args = new ArrayList<>(root.expandedArgs());
        // a password read from the prompt, a file or standard input: the server reads none of these
        for (ParseResult level = root; level != null; level = level.subcommand()) {
            for (CommandSpec mixin : level.commandSpec().mixins().values()) {
                if (mixin.userObject() instanceof PasswordOptions password) {
                    password.toCarry().ifPresent(value -> {
                        withoutPasswordSources(args);
                        args.add(PasswordOptions.PASSWORD + "=" + value);
                    });
                }
            }
        }
        for (ParseResult level = root; level != null; level = level.subcommand()) {
            for (OptionSpec option : level.matchedOptions()) {
                List<String> values = option.originalStringValues();
                if (!option.interactive() || values.isEmpty()) {
                    continue;
                }
                String value = values.get(values.size() - 1);
                List<String> names = List.of(option.names());
                for (int i = 0; i < args.size(); i++) {
                    boolean typedAfter = i + 1 < args.size() && args.get(i + 1).equals(value);
                    if (names.contains(args.get(i)) && !typedAfter) {
                        args.set(i, args.get(i) + "=" + value);
                    }
                }
            }
        }
        return args;
    }

    /**
     * A command that must reach the live sessions ({@code user del} ends the user's session) hands itself to
     * the server running on this data directory even when it could open the store itself (PostgreSQL, which
     * every process reaches): only that server knows who is online. Empty when the command runs in the
     * server already, when the store is the embedded one (held by a running server, the command is handed
     * over anyway), when no server is recorded, or when the recorded one does not answer (said on stderr:
     * the command then works on the store alone).
     */
    public static java.util.Optional<Integer> handOverForSessions(ConfigOptions options, CommandSpec spec)
            throws IOException, InterruptedException {
        if (options.inServer()) {
            return java.util.Optional.empty();
        }
        RevenantConfig config = options.config();
        Path endpointFile = config.dataDir().resolve(ENDPOINT_FILE);
        if (config.database().url().isBlank() || !Files.isReadable(endpointFile)) {
            return java.util.Optional.empty();
        }
        PrintWriter err = spec.commandLine().getErr();
        ParseResult root = spec.root().commandLine().getParseResult();
        try {
            return java.util.Optional.of(forward(config, commandLineOf(root), spec.commandLine().getOut(), err,
                    "a server is recorded for " + config.dataDir().toAbsolutePath().normalize()));
        } catch (IllegalStateException e) {
            err.println("revenant: " + e.getMessage() + "; working on the store alone: a session the user has is not ended");
            return java.util.Optional.empty();
        }
    }

    /** Drops the options that said where the password comes from ({@code --password-file FILE} with its value). */
    private static void withoutPasswordSources(List<String> args) {
        for (int i = 0; i < args.size(); ) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (PasswordOptions.sourceOptions().contains(name)) {
                args.remove(i);
                if (arg.equals("--password-file") && i < args.size()) {
                    args.remove(i); // its value
                }
            } else {
                i++;
            }
        }
    }

    /**
     * Runs {@code args} in the server that holds the data directory of {@code config}, prints what it
     * printed and answers its exit code. The arguments may hold a password: they go only into the request
     * body, never into a log line or an error message.
     */
    public static int forward(RevenantConfig config, List<String> args, PrintWriter out, PrintWriter err, String heldMessage)
            throws IOException, InterruptedException {
        HttpResponse<String> response = post(config, COMMANDS_PATH, Map.of("args", args), COMMAND_TIMEOUT, heldMessage,
                "the command", () -> err.println("revenant: a server is running on "
                        + config.dataDir().toAbsolutePath().normalize() + ": the command runs there, with the server's configuration"));
        JsonNode answer = JSON.readTree(response.body());
        out.print(answer.path("out").asText());
        out.flush();
        err.print(answer.path("err").asText());
        err.flush();
        return answer.path("exitCode").asInt(1);
    }

    /**
     * {@code POST path} with {@code body} as JSON to the server recorded for the data directory of
     * {@code config}, with the admin token; the answer when it is 200. {@code what} names the request in
     * errors; the body never appears in one (it may hold a password). {@code sending} runs once the server
     * and the token are found, just before the request goes.
     *
     * @throws IllegalStateException when no server is recorded, it does not answer, or it refuses
     */
    public static HttpResponse<String> post(RevenantConfig config, String path, Object body, Duration timeout,
            String heldMessage, String what, Runnable sending) throws IOException, InterruptedException {
        Path endpointFile = config.dataDir().resolve(ENDPOINT_FILE);
        if (!Files.isReadable(endpointFile)) {
            throw new IllegalStateException(heldMessage + "; no server is recorded for it (" + endpointFile
                    + " is missing): wait for the other command to finish and try again");
        }
        String base = Files.readString(endpointFile, StandardCharsets.UTF_8).strip();
        Path tokenFile = config.adminTokenPath();
        if (!Files.isReadable(tokenFile)) {
            throw new IllegalStateException(heldMessage + "; the admin token " + tokenFile + " is missing, so the running"
                    + " server cannot be asked for " + what);
        }
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base).resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header(OPERATOR_HEADER, System.getProperty("user.name", "?"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        sending.run();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException(heldMessage + "; the server recorded in " + endpointFile + " does not answer at "
                    + base + " (if it is starting or stopping, try again in a moment)");
        } catch (IOException e) {
            throw new IllegalStateException("the server at " + base + " did not answer " + what + ": " + e);
        }
        if (response.statusCode() == 401) {
            throw new IllegalStateException("the server at " + base + " refused the admin token in " + tokenFile);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the server at " + base + " did not run " + what + " (" + response.statusCode()
                    + "): " + response.body());
        }
        return response;
    }

    /** Where clients on this machine reach an HTTP listener bound to {@code host}: a wildcard is reached on loopback. */
    public static String baseUrl(String host, int port) {
        String h = switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "::0", "[::]" -> "::1";
            default -> host;
        };
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + port + "/";
    }

    /** Records {@code base} as where the server of {@code dataDir} answers: owner-only, replaced in one step. */
    public static Path recordEndpoint(Path dataDir, String base) {
        Path file = dataDir.resolve(ENDPOINT_FILE);
        try {
            Path temp = Files.createTempFile(dataDir, ENDPOINT_FILE, ".tmp", DataDirectory.ownerOnlyFile(dataDir));
            Files.writeString(temp, base + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes the record at stop, if it is still the one this server wrote. */
    public static void forgetEndpoint(Path file, String base) {
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).strip().equals(base)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // a stale record only costs a later command a clear "does not answer"
        }
    }
}
