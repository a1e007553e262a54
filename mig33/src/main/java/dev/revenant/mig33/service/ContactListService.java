package dev.revenant.mig33.service;

import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.Contact;
import dev.revenant.mig33.store.ContactGroup;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ProfileStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/** The contact list (GET_CONTACTS and its answer) and its editing over the protocol (spec §4.6, §6). */
final class ContactListService {
    /** Clients before 4.00 know no CONTACT_LIST_VERSION (spec §4.6). */
    static final int FIRST_VERSIONED_CLIENT = 400;
    /** The pseudo-group of contacts without a group, for old MIDlets. */
    static final int NO_GROUP = -1;

    private final Mig33Context ctx;
    private final ContactRequests requests;

    ContactListService(Mig33Context ctx, WebAddress web) {
        this.ctx = ctx;
        this.requests = new ContactRequests(ctx, this, web);
    }

    ContactRequests requests() {
        return requests;
    }

    /** Follows the presence of everyone on the user's list who accepted them and does not block them (at login). */
    void followAll(Mig33Session s) {
        Set<String> visible = ctx.requests().visibleTo(s.account().id());
        for (Contact c : ctx.contacts().contacts(s.account().id())) {
            if (visible.contains(c.username())) {
                s.follow(c.username(), c.id());
            }
        }
    }

    /** GET_CONTACTS → GROUP × n, CONTACT × m, CONTACT_LIST_VERSION (≥ 4.00), GET_CONTACTS_COMPLETE; one txn. */
    void send(Mig33Session s, Packet p) {
        int txn = p.txn();
        Account me = s.account();
        List<ContactGroup> groups = ctx.contacts().groups(me.id());
        List<Contact> contacts = ctx.contacts().contacts(me.id());
        int only = p.integer(2, 0);
        if (only != 0) {
            contacts = contacts.stream().filter(c -> c.id() == only).toList();
        } else {
            if (contacts.stream().anyMatch(c -> c.groupId() == 0)) {
                s.send(ServerPackets.group(txn, "Contacts", NO_GROUP));
            }
            for (ContactGroup g : groups) {
                s.send(ServerPackets.group(txn, g.name(), g.id()));
            }
        }
        // a contact who has not accepted (or who blocks the user) shows offline, without status or picture
        Set<String> visible = ctx.requests().visibleTo(me.id());
        Map<String, ProfileStore.Shown> shown = ctx.profiles().shownTo(me.id());
        for (Contact c : contacts) {
            ProfileStore.Shown what = visible.contains(c.username()) ? shown.get(c.username()) : null;
            s.send(ServerPackets.contact(txn, c.shownName(),
                    visible.contains(c.username()) ? s.presenceOf(c.username()) : Presence.OFFLINE,
                    c.groupId() == 0 ? NO_GROUP : c.groupId(), c.username(), c.id(),
                    what == null ? null : what.statusMessage(), what == null ? null : what.displayPicture()));
        }
        sendVersion(s, txn);
        s.send(ServerPackets.contactsComplete(txn));
    }

    /** CONTACT_LIST_VERSION with the list's version now, to a client that knows it (4.00 and later). */
    void sendVersion(Mig33Session s, int txn) {
        if (s.clientVersion() >= FIRST_VERSIONED_CLIENT) {
            int version = ctx.accounts().find(s.account().username()).map(Account::contactListVersion).orElse(1);
            s.send(ServerPackets.contactListVersion(txn, version, ctx.clock().millis()));
        }
    }

    /**
     * HAVE_LATEST_CONTACT_LIST (419): a 4.05+ client whose stored list has the version LOGIN_OK announced
     * (field 20) asks for no list, only for what changed since: OK, then each visible contact's presence.
     */
    void confirmLatest(Mig33Session s, Packet p) {
        Account me = s.account();
        s.send(ServerPackets.ok(p.txn(), ""));
        Set<String> visible = ctx.requests().visibleTo(me.id());
        for (Contact c : ctx.contacts().contacts(me.id())) {
            int presence = visible.contains(c.username()) ? s.presenceOf(c.username()) : Presence.OFFLINE;
            s.send(ServerPackets.presence(c.id(), presence));
        }
    }

    /** A CONTACT answering an edit; a contact the user may not see yet shows offline. */
    Packet contactPacket(Mig33Session s, int txn, Contact c, boolean visible) {
        return ServerPackets.contact(txn, c.shownName(), visible ? s.presenceOf(c.username()) : Presence.OFFLINE,
                c.groupId() == 0 ? NO_GROUP : c.groupId(), c.username(), c.id());
    }

    /**
     * ADD_CONTACT (12 username, 3 display name, 2 group) → CONTACT. The new contact shows offline and is asked
     * (CONTACT_REQUEST) until they accept; a mutual add is accepted at once (see {@link ContactRequests}).
     */
    void add(Mig33Session s, Packet p) {
        String username = Usernames.normalize(p.string(12));
        Account me = s.account();
        if (username.isEmpty()) {
            error(s, p, "Only mig33 contacts can be added here");
            return;
        }
        if (username.equals(me.username())) {
            error(s, p, "You cannot add yourself");
            return;
        }
        Optional<Account> other = ctx.accounts().find(username);
        if (other.isEmpty()) {
            error(s, p, "There is no mig33 user called " + username);
            return;
        }
        if (ctx.contacts().contacts(me.id()).size() >= ctx.config().maxContacts()) {
            error(s, p, "Your contact list is full (" + ctx.config().maxContacts() + " contacts)");
            return;
        }
        int groupId = groupOrDefault(me.id(), p.integer(2, 0));
        String approval = requests.approvalForNewEntry(me, other.get());
        Optional<Contact> added = ctx.contacts().addContact(me.id(), other.get().id(), groupId, p.string(3), approval);
        if (added.isEmpty()) {
            error(s, p, username + " is already on your contact list");
            return;
        }
        s.send(contactPacket(s, p.txn(), added.get(), approval.equals(ContactRequestStore.ACCEPTED)));
        requests.afterAdd(s, other.get(), added.get(), approval);
    }

    void remove(Mig33Session s, Packet p) {
        int contactId = p.integer(1, 0);
        Optional<Contact> c = find(s, contactId);
        if (c.isEmpty() || !ctx.contacts().removeContact(s.account().id(), contactId)) {
            error(s, p, "No such contact");
            return;
        }
        s.unfollow(c.get().username());
        s.send(ServerPackets.ok(p.txn(), "Contact removed"));
    }

    void move(Mig33Session s, Packet p) {
        int groupId = p.integer(2, 0);
        if (ctx.contacts().group(s.account().id(), groupId).isEmpty()) {
            error(s, p, "No such group");
        } else if (!ctx.contacts().moveContact(s.account().id(), p.integer(1, 0), groupId)) {
            error(s, p, "No such contact");
        } else {
            s.send(ServerPackets.ok(p.txn(), "Contact moved"));
        }
    }

    void update(Mig33Session s, Packet p) {
        int contactId = p.integer(1, 0);
        Optional<Contact> c = find(s, contactId);
        if (c.isEmpty()) {
            error(s, p, "No such contact");
            return;
        }
        int groupId = p.has(2) ? groupOrDefault(s.account().id(), p.integer(2, 0)) : c.get().groupId();
        String display = p.string(3, c.get().displayName());
        ctx.contacts().updateContact(s.account().id(), contactId, groupId, display);
        s.send(ServerPackets.ok(p.txn(), "Contact updated"));
    }

    /** ADD_GROUP (2 name) → GROUP with the new id. */
    void addGroup(Mig33Session s, Packet p) {
        String name = p.string(2, "").trim();
        if (name.isEmpty() || name.length() > 64) {
            error(s, p, "A group needs a name of 1 to 64 characters");
            return;
        }
        if (ctx.contacts().groups(s.account().id()).size() >= ctx.config().maxGroups()) {
            error(s, p, "You have the most groups allowed (" + ctx.config().maxGroups() + ")");
            return;
        }
        ContactGroup g = ctx.contacts().addGroup(s.account().id(), name);
        s.send(ServerPackets.group(p.txn(), g.name(), g.id()));
    }

    void removeGroup(Mig33Session s, Packet p) {
        if (!ctx.contacts().removeGroup(s.account().id(), p.integer(1, 0))) {
            error(s, p, "That group cannot be removed");
        } else {
            s.send(ServerPackets.ok(p.txn(), "Group removed"));
        }
    }

    void renameGroup(Mig33Session s, Packet p) {
        String name = p.string(2, "").trim();
        if (name.isEmpty() || name.length() > 64 || !ctx.contacts().renameGroup(s.account().id(), p.integer(1, 0), name)) {
            error(s, p, "That group cannot be renamed");
        } else {
            s.send(ServerPackets.ok(p.txn(), "Group renamed"));
        }
    }

    private Optional<Contact> find(Mig33Session s, int contactId) {
        return ctx.contacts().contacts(s.account().id()).stream().filter(c -> c.id() == contactId).findFirst();
    }

    int groupOrDefault(int ownerId, int requested) {
        List<ContactGroup> groups = ctx.contacts().groups(ownerId);
        return groups.stream().filter(g -> g.id() == requested).findFirst()
                .or(() -> groups.stream().filter(ContactGroup::isDefault).findFirst())
                .map(ContactGroup::id)
                .orElse(0);
    }

    private static void error(Mig33Session s, Packet p, String text) {
        s.send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, text));
    }
}
