package dev.revenant.mig33.store;

/**
 * A stored picture: sent to a contact or uploaded to its owner's album. {@code token} is the unguessable
 * part of its URL; {@code content} is empty when only the description was read.
 */
public record StoredPicture(long id, int ownerId, String token, String contentType, int size, String description,
                            boolean inAlbum, long createdAt, byte[] content) {}
