package dev.revenant.pangya.crypto;

/** The key tables are missing or wrong; the message tells the operator how to supply them. */
public final class KeyTablesException extends IllegalStateException {
    public KeyTablesException(String message) {
        super(message);
    }
}
