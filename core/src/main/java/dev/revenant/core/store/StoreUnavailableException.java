package dev.revenant.core.store;

/** The store cannot be reached or failed a statement; callers answer "try again later", never crash. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
