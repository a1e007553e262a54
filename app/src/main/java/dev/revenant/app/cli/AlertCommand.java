package dev.revenant.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.config.RevenantConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revenant alert TEXT [--user NAME] [--title T]}: an announcement (mig33 ALERT) to everyone online,
 * or to one user. Only the running server knows who is online, so this asks it over its admin HTTP API
 * ({@code POST /mig33/alert}), with the admin token from the data directory and the port from the configuration.
 */
@Command(name = "alert", mixinStandardHelpOptions = true,
        description = "Send an announcement to every logged-in mig33 user, or to one, through the running server.")
public final class AlertCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "TEXT", description = "What the users read.") String text;
    @Option(names = "--user", paramLabel = "NAME", description = "Only this user.") String user;
    @Option(names = "--title", paramLabel = "T", description = "The alert's title.") String title;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RevenantConfig config = options.config();
        var tokenFile = config.adminTokenPath();
        if (!Files.isReadable(tokenFile)) {
            throw new IllegalStateException("no admin token at " + tokenFile + " (has the server run with this data directory?)");
        }
        String token = Files.readString(tokenFile).strip();
        String host = config.http().host();
        // a server listening on every address is reached on the loopback one
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (config.http().port() == 0) {
            throw new IllegalArgumentException("http.port is 0 (any free port): set the port the server listens on");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("text", text);
        if (user != null) {
            body.put("user", user);
        }
        if (title != null) {
            body.put("title", title);
        }
        ObjectMapper json = new ObjectMapper();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.http().port()
                + "/mig33/alert");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header(RunningServer.OPERATOR_HEADER, System.getProperty("user.name", "?"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("the server does not answer at " + uri + " (is it running?)");
        }
        if (response.statusCode() != 200) {
            // the route's JSON error says why (no such user, an empty text)
            String why = response.body();
            try {
                why = json.readTree(response.body()).path("error").asText(why);
            } catch (IOException notJson) {
                // shown as it came
            }
            throw new IllegalStateException("the server refused the alert (" + response.statusCode() + "): " + why);
        }
        int delivered = json.readTree(response.body()).path("delivered").asInt();
        spec.commandLine().getOut().println("alert sent to " + delivered + (delivered == 1 ? " session" : " sessions"));
        return 0;
    }
}
