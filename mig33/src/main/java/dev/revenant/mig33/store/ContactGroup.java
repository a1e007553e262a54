package dev.revenant.mig33.store;

/** A group of a user's contact list. */
public record ContactGroup(int id, String name, boolean isDefault) {}
