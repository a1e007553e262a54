package dev.revenant.mig33.store;

import java.util.List;

/**
 * The allow and block lists (SET_PERMISSION 417, PERMISSION_LIST 416). {@link #blocks} is the seam other
 * features ask before letting one user reach another (messages, contact requests, group chat invitations).
 */
public interface PermissionStore {
    /** Spec §7 permission values; {@link #NONE} (no entry) is this server's way to clear one. */
    int NONE = 0;
    int ALLOW = 1;
    int BLOCK = 2;

    /** Whether {@code owner} blocks {@code other} (usernames, normalised). */
    boolean blocks(String owner, String other);

    /** {@code ownerId}'s permission for {@code otherId}: ALLOW, BLOCK or NONE. */
    int permission(int ownerId, int otherId);

    /** Sets (or with NONE clears) {@code ownerId}'s permission for {@code otherId}. */
    void set(int ownerId, int otherId, int permission);

    /** The usernames {@code ownerId} gave {@code permission}, in the order they were set. */
    List<String> usernames(int ownerId, int permission);

    /** How many entries {@code ownerId}'s lists hold together. */
    int count(int ownerId);
}
