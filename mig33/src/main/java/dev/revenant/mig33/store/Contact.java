package dev.revenant.mig33.store;

/**
 * One entry of a user's contact list. {@code id} is the contact id the owner's client knows it by;
 * {@code groupId} is 0 when the contact's group was removed.
 */
public record Contact(int id, int groupId, String username, String displayName) {
    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
