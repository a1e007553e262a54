package dev.revenant.app.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Revenant node in a process of its own ({@code revenant serve}, as an operator starts it), on loopback
 * ports of its own, so that a test can kill it with SIGKILL as a crash would. Its log goes to a file in its
 * data directory, which a failing test prints.
 */
final class NodeProcess implements AutoCloseable {
    final Path dataDir;
    final int mig33Port;
    final int httpPort;
    private final Process process;

    private NodeProcess(Path dataDir, int mig33Port, int httpPort, Process process) {
        this.dataDir = dataDir;
        this.mig33Port = mig33Port;
        this.httpPort = httpPort;
        this.process = process;
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code revenant serve} with these options ({@code --set} pairs) and waits until it answers /health. */
    static NodeProcess start(Path dataDir, Map<String, String> options) {
        int mig33 = freePort();
        int http = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.revenant.app.Revenant", "serve", "--data-dir", dataDir.toString(),
                "--mig33-port", Integer.toString(mig33), "--http-port", Integer.toString(http),
                "--set", "mig33.host=127.0.0.1", "--set", "pangya.enabled=false"));
        options.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
            builder.environment().put("REVENANT_LOG_LEVEL", "WARN");
            NodeProcess node = new NodeProcess(dataDir, mig33, http, builder.start());
            node.awaitHealthy();
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a node", e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node stopped at start:\n" + log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node did not become healthy:\n" + log());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** What the node logged. */
    String log() {
        try {
            return Files.readString(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: no goodbye, no clean-up; what it held in Redis stays until it expires. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the graceful stop
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
