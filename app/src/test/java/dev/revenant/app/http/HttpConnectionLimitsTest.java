package dev.revenant.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.config.DataSize;
import dev.revenant.app.config.HttpConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP listener's own limits, each on a raw connection: the idle and body timeouts, requests per
 * connection, the size of a head and of a body, and where handlers run.
 */
class HttpConnectionLimitsTest extends LiveListener {
    /** Generous: a limit that does not work leaves the connection open, and the read fails after this long. */
    private static final int CLOSED_WITHIN_MILLIS = 10_000;

    @Override
    HttpConfig config() {
        return HttpConfig.defaults("127.0.0.1", 0).toBuilder()
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1))
                .maxRequestsPerConnection(3)
                .maxHeaderBytes(DataSize.ofKibibytes(1))
                .maxBodyBytes(DataSize.ofKibibytes(1))
                .build();
    }

    @BeforeEach
    void routes() {
        listener.route("GET", "/echo/", request -> Response.text(200, Response.TEXT, request.rest()));
        listener.route("POST", "/upload", request -> Response.text(200, Response.TEXT, "got " + request.body().length));
        listener.route("GET", "/thread", request -> Response.text(200, Response.TEXT, Thread.currentThread().getName()));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", listener.port());
        socket.setSoTimeout(CLOSED_WITHIN_MILLIS);
        return socket;
    }

    /** Sends {@code text} and returns all the listener sends until it closes the connection. */
    private String exchange(String text) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return RawHttp.readToClose(socket);
        }
    }

    /** {@code revenant.http.closed{reason}}: connections the listener's limits closed. */
    private double closed(String reason) {
        var counter = meters.find("revenant.http.closed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String rawGet(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    @Test
    void aKeptAliveConnectionWithNothingUnderWayIsClosedAfterTheIdleTimeout() throws Exception {
        String got = exchange(rawGet("/echo/one"));

        assertThat(got).startsWith("HTTP/1.1 200").endsWith("one");
        assertThat(got.toLowerCase()).as("the answer keeps the connection").doesNotContain("connection: close");
        assertThat(closed("idle")).isEqualTo(1);
    }

    @Test
    void theAnswerToTheLastAllowedRequestClosesTheConnection() throws Exception {
        // four requests sent at once (pipelined): three are answered, in order, the third with Connection: close
        String got = exchange(rawGet("/echo/1") + rawGet("/echo/2") + rawGet("/echo/3") + rawGet("/echo/4"));

        Matcher answers = Pattern.compile("HTTP/1\\.1 200 OK\\r\\n(.*?)\\r\\n\\r\\n(\\d)", Pattern.DOTALL).matcher(got);
        StringBuilder bodies = new StringBuilder();
        String lastHead = "";
        while (answers.find()) {
            bodies.append(answers.group(2));
            lastHead = answers.group(1);
        }
        assertThat(bodies).hasToString("123");
        assertThat(lastHead.toLowerCase()).contains("connection: close");
    }

    @Test
    void aBodyThatNeverCompletesIsAnswered408AfterTheBodyTimeout() throws Exception {
        String got = exchange("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nonly ten b");

        assertThat(got).startsWith("HTTP/1.1 408").contains("\"error\"").contains("body");
        assertThat(closed("body_timeout")).isEqualTo(1);
    }

    @Test
    void aHeadLargerThanTheLimitIs431AndALongerRequestLine414() throws Exception {
        String bigHeader = exchange("GET /echo/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
        String longLine = exchange(rawGet("/echo/" + "b".repeat(2000)));

        assertThat(bigHeader).startsWith("HTTP/1.1 431");
        assertThat(longLine).startsWith("HTTP/1.1 414");
        assertThat(closed("too_large")).isEqualTo(2);
    }

    @Test
    void aBodyLargerThanTheLimitIs413WithoutBeingRead() throws Exception {
        String within = exchange("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 1024\r\n\r\n"
                + "x".repeat(1024));
        String over = exchange("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1025\r\n\r\n");

        assertThat(within).startsWith("HTTP/1.1 200").endsWith("got 1024");
        assertThat(over).startsWith("HTTP/1.1 413").contains("larger than 1024 bytes");
    }

    @Test
    void aBodyForARequestThatIsRefusedAnywayIsNeverRead() throws Exception {
        listener.routeAdmin("POST", "/admin/thing", request -> Response.noContent());
        String partialBody = "Host: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"half";

        // answered on the head: 401 / 404, not the 408 the body timeout would give a body that never completes
        String admin = exchange("POST /admin/thing HTTP/1.1\r\n" + partialBody);
        String unknown = exchange("POST /nowhere HTTP/1.1\r\n" + partialBody);

        assertThat(admin).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Bearer").contains("admin token required");
        assertThat(unknown).startsWith("HTTP/1.1 404").contains("no such resource: /nowhere");
        assertThat(closed("body_timeout")).isZero();
    }

    @Test
    void handlersRunOnTheWorkerPoolNeverOnAnEventLoop() throws Exception {
        String got = exchange("GET /thread HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(got).startsWith("HTTP/1.1 200");
        assertThat(got.substring(got.indexOf("\r\n\r\n") + 4)).startsWith("test-worker-");
    }
}
