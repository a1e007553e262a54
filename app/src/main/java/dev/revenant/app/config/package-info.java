/**
 * The server's configuration: {@link dev.revenant.app.config.RevenantConfig}, the sections only the app
 * reads (HTTP listener, log), and which defaults files make up the whole; core.config loads it.
 */
package dev.revenant.app.config;
