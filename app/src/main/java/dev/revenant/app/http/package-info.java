/**
 * The HTTP listener: health, Prometheus metrics, pictures and routes other modules register (admin API),
 * on Netty's HTTP/1.1 codec on the server's own event loops, with its handlers on the bounded worker pool.
 */
package dev.revenant.app.http;
