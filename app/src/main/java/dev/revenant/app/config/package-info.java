/**
 * The server's configuration: built-in defaults, then an optional YAML file, then {@code REVENANT_*}
 * environment variables, then command-line flags, merged as Jackson trees and bound to records.
 */
package dev.revenant.app.config;
