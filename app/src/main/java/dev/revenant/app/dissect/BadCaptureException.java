package dev.revenant.app.dissect;

/** The file is no capture the dissector can read (not a pcap, cut short, nothing mig33 in it); the message says which. */
public final class BadCaptureException extends Exception {
    public BadCaptureException(String message) {
        super(message);
    }
}
