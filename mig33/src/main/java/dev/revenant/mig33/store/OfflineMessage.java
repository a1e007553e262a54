package dev.revenant.mig33.store;

/** A message stored for a recipient who was away when it was sent. */
public record OfflineMessage(long id, String sender, String guid, int destinationType, String destination,
                             int contentType, String body, long sentAt) {}
