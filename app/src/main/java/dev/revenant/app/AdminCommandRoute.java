package dev.revenant.app;

import dev.revenant.core.log.LogText;
import dev.revenant.app.admin.AuditLog;
import dev.revenant.app.cli.AuditedCommands;
import dev.revenant.app.cli.ConfigOptions;
import dev.revenant.app.cli.RunningServer;
import dev.revenant.app.config.RevenantConfig;
import dev.revenant.app.http.HttpProblem;
import dev.revenant.app.http.Request;
import dev.revenant.app.http.Response;
import dev.revenant.app.http.RouteHandler;
import dev.revenant.core.store.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code POST /admin/commands} (admin token): runs an admin command an operator typed while this server
 * holds the embedded database ({@code revenant user add ...} forwards here, see {@link RunningServer}).
 * Body {@code {"args": ["user", "add", "alice", "--password", "..."]}}; answers
 * {@code {"exitCode": 0, "out": "...", "err": "..."}}. Only the store commands run here (user, contact,
 * group, room, pangya), with this server's configuration and store, never {@code serve}. The arguments
 * may hold a password: the log names the command only.
 */
final class AdminCommandRoute implements RouteHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminCommandRoute.class);
    /** More arguments than any admin command takes: a larger body is a mistake, not a command. */
    static final int MAX_ARGS = 64;

    /** The forwarded command line; unknown properties are refused like any admin document. */
    record Forwarded(List<String> args) {}

    private final ConfigOptions.InServer server;

    private final AuditLog audit;

    AdminCommandRoute(RevenantConfig config, Database database, dev.revenant.core.session.SessionRegistry sessions,
            AuditLog audit) {
        this.server = new ConfigOptions.InServer(config, database, sessions);
        this.audit = audit;
    }

    @Override
    public Response handle(Request request) {
        Forwarded forwarded = request.bodyAs(Forwarded.class);
        List<String> args = forwarded.args();
        if (args == null || args.isEmpty() || args.size() > MAX_ARGS || args.stream().anyMatch(Objects::isNull)) {
            throw new HttpProblem(400, "args must be a command line of 1 to " + MAX_ARGS + " strings");
        }
        if (!RunningServer.FORWARDABLE.contains(args.get(0))) {
            throw new HttpProblem(400, "only the " + String.join(", ", RunningServer.FORWARDABLE.stream().sorted().toList())
                    + " commands run in the server");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Revenant.commandLine(server);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int exitCode = cli.execute(args.toArray(String[]::new));
        log.info("event=admin_command command=\"{}\" exit_code={} millis={}", LogText.escape(commandName(cli, args.get(0))), exitCode,
                (System.nanoTime() - started) / 1_000_000);
        audit.record(operator(request), from(request), commandName(cli, args.get(0)), AuditedCommands.target(cli),
                AuditedCommands.outcome(exitCode, err.toString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exitCode", exitCode);
        body.put("out", out.toString());
        body.put("err", err.toString());
        return Response.json(200, body);
    }

    /** Who typed a command {@code revenant} handed over: the operator's account on the machine it ran on, as it says. */
    static String operator(Request request) {
        return "cli:" + request.header(RunningServer.OPERATOR_HEADER).map(String::strip).filter(o -> !o.isEmpty())
                .map(o -> o.length() > 64 ? o.substring(0, 64) : o).orElse("?");
    }

    /** The address a request came from, for the audit log. */
    static String from(Request request) {
        return request.remote() == null ? "-" : request.remote().getAddress().getHostAddress();
    }

    /** The command's name ({@code user add}) from the parsed commands, never from the arguments' values. */
    private static String commandName(CommandLine cli, String first) {
        ParseResult parsed = cli.getParseResult();
        if (parsed == null || parsed.subcommand() == null) {
            return first;
        }
        List<String> names = new ArrayList<>();
        for (ParseResult level = parsed.subcommand(); level != null; level = level.subcommand()) {
            names.add(level.commandSpec().name());
        }
        return String.join(" ", names);
    }
}
