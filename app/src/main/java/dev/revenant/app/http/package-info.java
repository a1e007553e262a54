/**
 * The HTTP listener: health, Prometheus metrics, and routes other modules register (admin API),
 * on the JDK's built-in server with a small bounded thread pool.
 */
package dev.revenant.app.http;
