package dev.revenant.app.cli;

/**
 * The command line itself is wrong in a way picocli's parser cannot see (two password sources, say): exit
 * code 2, like an unknown option, where a command that ran and was refused (an unknown user) exits 1.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
