package dev.revenant.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpListenerTest extends LiveListener {
    record Greeting(String name) {}

    @Test
    void aRouteSeesTheRestOfThePathQueryHeadersAndBody() throws Exception {
        listener.route("POST", "/api/greet/", request -> Response.ok(Map.of(
                "rest", request.rest(),
                "lang", request.queryParam("lang").orElse("?"),
                "agent", request.header("x-client").orElse("?"),
                "name", request.bodyAs(Greeting.class).name())));

        HttpResponse<String> response = send(request("/api/greet/rooms/lobby?lang=en%20GB&lang=fr")
                .header("X-Client", "midlet")
                .POST(BodyPublishers.ofString("{\"name\":\"alice\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(Response.JSON);
        assertThat(json(response).get("rest").asText()).isEqualTo("rooms/lobby");
        assertThat(json(response).get("lang").asText()).isEqualTo("en GB");
        assertThat(json(response).get("agent").asText()).isEqualTo("midlet");
        assertThat(json(response).get("name").asText()).isEqualTo("alice");
    }

    @Test
    void anUnknownPathIs404Json() throws Exception {
        listener.route("GET", "/health", request -> Response.ok(Map.of()));

        HttpResponse<String> response = get("/nothing-here");
        HttpResponse<String> lookalike = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).contains("/nothing-here");
        assertThat(lookalike.statusCode()).as("a prefix covers whole path segments only").isEqualTo(404);
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405WithAllow() throws Exception {
        listener.route("GET", "/api/rooms", request -> Response.ok(Map.of()));
        listener.route("PUT", "/api/rooms", request -> Response.noContent());

        HttpResponse<String> response = send(request("/api/rooms").DELETE());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD, PUT");
        assertThat(json(response).get("error").asText()).contains("DELETE");
    }

    @Test
    void theLongestPrefixWins() throws Exception {
        listener.route("GET", "/api/", request -> Response.ok(Map.of("route", "api")));
        listener.route("GET", "/api/users", request -> Response.ok(Map.of("route", "users", "rest", request.rest())));

        assertThat(json(get("/api/users/bob")).get("route").asText()).isEqualTo("users");
        assertThat(json(get("/api/users/bob")).get("rest").asText()).isEqualTo("bob");
        assertThat(json(get("/api/rooms")).get("route").asText()).isEqualTo("api");
    }

    @Test
    void aFailingHandlerIs500WithoutItsSecretsOrStack() throws Exception {
        listener.route("GET", "/boom", request -> {
            throw new IllegalStateException("password=hunter2 at db.internal");
        });

        HttpResponse<String> response = get("/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("error").asText()).isEqualTo("internal error");
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
        assertThat(get("/boom").statusCode()).as("the listener keeps serving").isEqualTo(500);
    }

    @Test
    void anHttpProblemIsAnsweredWithItsStatusAndMessage() throws Exception {
        listener.route("POST", "/api/users", request -> Response.ok(request.bodyAs(Greeting.class)));

        HttpResponse<String> response = send(request("/api/users").POST(BodyPublishers.ofString("not json")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("request body is not a valid Greeting document");
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        listener.route("POST", "/upload", request -> Response.noContent());

        byte[] big = new byte[config().maxBodyBytes().toIntExact() + 1];
        HttpResponse<String> response = send(request("/upload").POST(BodyPublishers.ofByteArray(big)));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void theSameRouteCannotBeRegisteredTwice() {
        listener.route("GET", "/health", request -> Response.noContent());
        assertThatThrownBy(() -> listener.route("get", "/health", request -> Response.noContent()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingReleasesThePort() throws Exception {
        listener.route("GET", "/health", request -> Response.noContent());
        int port = listener.port();
        assertThat(port).isPositive();
        assertThat(get("/health").statusCode()).isEqualTo(204);

        listener.close();

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }
}
