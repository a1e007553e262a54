package dev.revenant.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminRouteTest extends LiveListener {
    private final AtomicInteger kicks = new AtomicInteger();

    @BeforeEach
    void registerAdminRoute() {
        listener.routeAdmin("POST", "/api/kick/", request -> {
            kicks.incrementAndGet();
            return Response.ok(Map.of("kicked", request.rest()));
        });
    }

    private HttpResponse<String> kick(String authorization) throws Exception {
        var request = request("/api/kick/alice").POST(BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private String tokenText() throws Exception {
        return Files.readString(token.file()).strip();
    }

    @Test
    void withoutATokenTheAnswerIs401AndNothingHappens() throws Exception {
        HttpResponse<String> response = kick(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(kicks).hasValue(0);
    }

    @Test
    void aWrongTokenOrSchemeIs401() throws Exception {
        assertThat(kick("Bearer " + tokenText() + "x").statusCode()).isEqualTo(401);
        assertThat(kick("Basic " + tokenText()).statusCode()).isEqualTo(401);
        assertThat(kick("Bearer ").statusCode()).isEqualTo(401);
        assertThat(kicks).hasValue(0);
    }

    @Test
    void theRightTokenReachesTheHandler() throws Exception {
        HttpResponse<String> response = kick("Bearer " + tokenText());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("kicked").asText()).isEqualTo("alice");
        assertThat(kick("bearer " + tokenText()).statusCode()).as("the scheme is case-insensitive").isEqualTo(200);
        assertThat(kicks).hasValue(2);
    }

    @Test
    void publicRoutesNeedNoToken() throws Exception {
        listener.route("GET", "/api/kick/", request -> Response.ok(Map.of("kickable", true)));

        assertThat(get("/api/kick/alice").statusCode()).isEqualTo(200);
    }
}
