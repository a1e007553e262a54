package dev.revenant.mig33.store;

import java.util.List;
import java.util.Optional;

/** Contact lists: groups, contacts, and who lists whom (for presence). */
public interface ContactStore {
    List<ContactGroup> groups(int ownerId);

    List<Contact> contacts(int ownerId);

    /** Adds an accepted contact (an operator's add); empty when the owner lists that user already. */
    default Optional<Contact> addContact(int ownerId, int contactUserId, int groupId, String displayName) {
        return addContact(ownerId, contactUserId, groupId, displayName, ContactRequestStore.ACCEPTED);
    }

    /** Adds a contact with its approval (see {@link ContactRequestStore}); empty when the owner lists that user already. */
    Optional<Contact> addContact(int ownerId, int contactUserId, int groupId, String displayName, String approval);

    boolean removeContact(int ownerId, int contactId);

    boolean moveContact(int ownerId, int contactId, int groupId);

    boolean updateContact(int ownerId, int contactId, int groupId, String displayName);

    ContactGroup addGroup(int ownerId, String name);

    /** Removes a group that is not the default one; its contacts move to the default group. */
    boolean removeGroup(int ownerId, int groupId);

    boolean renameGroup(int ownerId, int groupId, String name);

    Optional<ContactGroup> group(int ownerId, int groupId);

    /** Everyone who lists {@code userId}, with the contact id each knows them by. */
    List<Watcher> watchers(int userId);
}
