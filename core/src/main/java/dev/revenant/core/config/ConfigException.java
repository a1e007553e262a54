package dev.revenant.core.config;

/** A configuration the server cannot start with; the message names the option and where it was set. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
