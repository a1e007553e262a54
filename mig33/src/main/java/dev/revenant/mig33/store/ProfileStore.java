package dev.revenant.mig33.store;

import java.util.Map;
import java.util.Optional;

/** Profiles, status messages and display pictures (migration V3 and {@code mig33_user}'s own columns). */
public interface ProfileStore {
    Optional<Profile> profile(int userId);

    /**
     * Writes the given profile over the stored one. Only the fields present in {@code changes} (non-null)
     * change; the status message and display picture are not touched here.
     */
    void update(int userId, Profile changes);

    void setStatusMessage(int userId, String text, long at);

    void setDisplayPicture(int userId, String reference, long at);

    /** For each contact on {@code ownerId}'s list that has set one: username → what the contact shows. */
    Map<String, Shown> shownTo(int ownerId);

    /** What {@code userId} shows their contacts, if they set anything. */
    Optional<Shown> shown(int userId);

    /**
     * A contact's status message and display picture as CONTACT fields 27 and 28 carry them (null: none),
     * and when each was set (ms; 0 when not set).
     */
    record Shown(String statusMessage, String displayPicture, long statusMessageAt, long displayPictureAt) {}
}
