package dev.revenant.app;

import dev.revenant.app.cli.ConfigOptions;
import dev.revenant.app.config.RevenantConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code revenant serve}: runs the server until SIGTERM or SIGINT, then stops gracefully and exits 0. It lives
 * beside the server it starts, not among the admin commands ({@code app.cli}), which the server runs itself
 * when they are forwarded to it ({@link AdminCommandRoute}): so the commands never depend on the server.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--mig33-port", paramLabel = "PORT", split = ",", description = "mig33 port(s) (default 9119).")
    List<Integer> mig33Ports;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port for /health, /metrics and the admin API (default 8080).")
    Integer httpPort;

    @Option(names = "--pangya-port", paramLabel = "PORT", description = "PangYa LoginService port (default 10103).")
    Integer pangyaPort;

    @Option(names = "--pangya-keys", paramLabel = "FILE", description = "PangYa key tables (default <data dir>/pangya/keys.bin).")
    Path pangyaKeys;

    @Option(names = "--pangya-profile", paramLabel = "PROFILE", description = "th829 (default) or us852.")
    String pangyaProfile;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new LinkedHashMap<>();
        if (mig33Ports != null) {
            flags.put("mig33.ports", String.join(",", mig33Ports.stream().map(String::valueOf).toList()));
        }
        if (httpPort != null) {
            flags.put("http.port", httpPort.toString());
        }
        if (pangyaPort != null) {
            flags.put("pangya.port", pangyaPort.toString());
        }
        if (pangyaKeys != null) {
            flags.put("pangya.keys", pangyaKeys.toString());
        }
        if (pangyaProfile != null) {
            flags.put("pangya.profile", pangyaProfile);
        }
        RevenantConfig config = options.load(flags).value();
        try (ServerLog logs = ServerLog.apply(config.log())) {
            RevenantServer server = new RevenantServer(config);
            CountDownLatch stop = new CountDownLatch(1);
            // a signal handler rather than a shutdown hook: the JVM then exits 0 after a clean stop, not 143
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            try {
                server.start();
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            stop.await();
            server.stop();
        }
        return 0;
    }
}
