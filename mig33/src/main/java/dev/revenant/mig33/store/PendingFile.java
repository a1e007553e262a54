package dev.revenant.mig33.store;

/** A FILE_RECEIVED notice waiting for its recipient's next login. */
public record PendingFile(long id, String sender, long pictureId, String token, String contentType, int size, long sentAt) {}
