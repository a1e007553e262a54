package dev.revenant.mig33.store;

/** A mig33 account as the gateway needs it; the password stays sealed until a login needs it. */
public record Account(int id, String username, String passwordSealed, String displayName, String mobilePhone,
                      int contactListVersion) {
    /** What contacts see as this user's name: the display name, or the username. */
    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
