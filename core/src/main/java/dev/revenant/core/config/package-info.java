/**
 * How a configuration is loaded, for any record of options: built-in defaults (YAML resources on the class
 * path, which are also the list of options), then an optional YAML file, then {@code REVENANT_*} environment
 * variables, then command-line flags, merged as Jackson trees and bound to records. It knows no protocol and
 * no option of its own: the records and their defaults belong to the modules that use them.
 */
package dev.revenant.core.config;
