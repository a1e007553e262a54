package dev.revenant.app.http;

/**
 * Answers the requests of one route. It may throw {@link HttpProblem} to answer a client error; any
 * other exception is answered with 500 and logged once.
 */
@FunctionalInterface
public interface RouteHandler {
    Response handle(Request request) throws Exception;
}
