package dev.revenant.app.midlet;

/** A MIDlet, JAD or option the patcher refuses, with a message that says what was expected. */
public final class MidletPatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MidletPatchException(String message) {
        super(message);
    }
}
