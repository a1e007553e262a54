package dev.revenant.mig33.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The approval of contact entries (CONTACT_REQUEST 412, ACCEPT 413, REJECT 414): an entry shows the
 * listed user's presence only once that user accepted, and only while they do not block the owner.
 */
public interface ContactRequestStore {
    String ACCEPTED = "accepted";
    String PENDING = "pending";
    /** Refused by the listed user; the owner is not told, the entry just stays offline. */
    String REJECTED = "rejected";

    /** The approval of {@code ownerId}'s entry for {@code contactUserId}, if the owner lists them. */
    Optional<String> approval(int ownerId, int contactUserId);

    /** Sets the approval of an existing entry; false when the owner does not list that user. */
    boolean setApproval(int ownerId, int contactUserId, String approval);

    /** Who waits for {@code userId}'s answer, oldest request first; requests from users it blocks are left out. */
    List<String> pendingFor(int userId);

    /** The usernames on {@code ownerId}'s list whose presence the owner may see: accepted, and not blocking the owner. */
    Set<String> visibleTo(int ownerId);

    /** The contact id of {@code ownerId}'s entry for {@code contactUserId}, if it is accepted and not blocked. */
    Optional<Integer> visibleEntry(int ownerId, int contactUserId);
}
