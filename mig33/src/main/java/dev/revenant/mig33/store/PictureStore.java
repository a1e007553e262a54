package dev.revenant.mig33.store;

import java.util.List;
import java.util.Optional;

/** Pictures sent between users and kept in their albums, the notices still owed, and display pictures. */
public interface PictureStore {
    /** Stores a picture durably (committed on return); returns it without its content. */
    StoredPicture save(int ownerId, String token, String contentType, byte[] content, String description,
                       boolean inAlbum, long now);

    /** The picture with its bytes, for whoever holds its URL. */
    Optional<StoredPicture> findByToken(String token);

    /** The picture's description without its bytes. */
    Optional<StoredPicture> describe(String token);

    /** Makes a picture its owner's display picture. */
    void setDisplayPicture(int userId, long pictureId, long now);

    /** The token of the user's display picture, if there is one. */
    Optional<String> displayPicture(int userId);

    /** Owes the recipient a FILE_RECEIVED at the next login (committed on return). */
    void savePending(int recipientId, long pictureId, String sender, long now);

    /** The recipient's waiting notices after {@code afterId}, oldest first. */
    List<PendingFile> pending(int recipientId, long afterId, int limit);

    void delivered(long pendingId);

    /** How many notices wait for the recipient. */
    int pendingCount(int recipientId);

    /** The bytes of all files the user has stored. */
    long storedBytes(int ownerId);

    /** The bytes of all files all users have stored. */
    long storedBytes();

    /** How many pictures are stored (operators, tests). */
    long count();
}
