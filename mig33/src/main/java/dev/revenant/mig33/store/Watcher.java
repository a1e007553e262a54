package dev.revenant.mig33.store;

/** Someone who lists a user as a contact, and the contact id under which they list them. */
public record Watcher(String username, int contactId) {}
