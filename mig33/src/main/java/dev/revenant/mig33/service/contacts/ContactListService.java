package dev.revenant.mig33.service.contacts;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Presence;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.Contact;
import dev.revenant.mig33.store.ContactGroup;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.PermissionStore;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.web.WebAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The contact list (GET_CONTACTS and its answer) and its editing over the protocol (spec §4.6, §6). */
public final class ContactListService {
    /** Clients before 4.00 know no CONTACT_LIST_VERSION (spec §4.6). */
    static final int FIRST_VERSIONED_CLIENT = 400;
    /** The pseudo-group of contacts without a group, for old MIDlets. */
    static final int NO_GROUP = -1;

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final ContactStore contactStore;
    private final ContactRequestStore requestStore;
    private final PermissionStore permissionStore;
    private final ProfileStore profileStore;
    private final MessageBus bus;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ContactRequests requests;

    public ContactListService(Mig33Config config, AccountStore accountStore, ContactStore contactStore,
                    ContactRequestStore requestStore, PermissionStore permissionStore, ProfileStore profileStore,
                    MessageBus bus, Clock clock, MeterRegistry meters, WebAddress web) {
        this.config = config;
        this.accountStore = accountStore;
        this.contactStore = contactStore;
        this.requestStore = requestStore;
        this.permissionStore = permissionStore;
        this.profileStore = profileStore;
        this.bus = bus;
        this.clock = clock;
        this.meters = meters;
        this.requests = new ContactRequests(config, accountStore, contactStore, requestStore, permissionStore,
                        profileStore, bus, meters, this, web);
    }

    public ContactRequests requests() {
        return requests;
    }

    /** Follows the presence of everyone on the user's list who accepted them and does not block them (at login). */
    public void followAll(Mig33Session s) {
        Set<String> visible = requestStore.visibleTo(s.account().id());
        for (Contact c : contactStore.contacts(s.account().id())) {
            if (visible.contains(c.username())) {
                s.follow(c.username(), c.id());
            }
        }
    }

    /** Registers the contact list's edits (the list itself is wired with what waited: see Mig33Service). */
    public void register(Dispatch d) {
        d.loggedIn(Request.AddContact.class, this::add);
        d.loggedIn(Request.RemoveContact.class, this::remove);
        d.loggedIn(Request.MoveContact.class, this::move);
        d.loggedIn(Request.UpdateContact.class, this::update);
        d.loggedIn(Request.AddGroup.class, this::addGroup);
        d.loggedIn(Request.RemoveGroup.class, this::removeGroup);
        d.loggedIn(Request.UpdateGroup.class, this::renameGroup);
    }

    /** GET_CONTACTS → GROUP × n, CONTACT × m, CONTACT_LIST_VERSION (≥ 4.00), GET_CONTACTS_COMPLETE; one txn. */
    public void send(Mig33Session s, Request.GetContacts r) {
        int txn = r.txn();
        Account me = s.account();
        List<ContactGroup> groups = contactStore.groups(me.id());
        List<Contact> contacts = contactStore.contacts(me.id());
        int only = r.contactId();
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
        Set<String> visible = requestStore.visibleTo(me.id());
        Map<String, ProfileStore.Shown> shown = profileStore.shownTo(me.id());
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
            int version = accountStore.find(s.account().username()).map(Account::contactListVersion).orElse(1);
            s.send(ServerPackets.contactListVersion(txn, version, clock.millis()));
        }
    }

    /**
     * HAVE_LATEST_CONTACT_LIST (419): a 4.05+ client whose stored list has the version LOGIN_OK announced
     * (field 20) asks for no list, only for what changed since: OK, then each visible contact's presence.
     */
    public void confirmLatest(Mig33Session s, Request.HaveLatestContactList r) {
        Account me = s.account();
        s.send(ServerPackets.ok(r.txn(), ""));
        Set<String> visible = requestStore.visibleTo(me.id());
        for (Contact c : contactStore.contacts(me.id())) {
            int presence = visible.contains(c.username()) ? s.presenceOf(c.username()) : Presence.OFFLINE;
            s.send(ServerPackets.presence(c.id(), presence));
        }
    }

    /** A CONTACT answering an edit; a contact the user may not see yet shows offline. */
    Packet contactPacket(Mig33Session s, int txn, Contact c, boolean visible) {
        return contactPacket(txn, c, visible ? s.presenceOf(c.username()) : Presence.OFFLINE);
    }

    private static Packet contactPacket(int txn, Contact c, int presence) {
        return ServerPackets.contact(txn, c.shownName(), presence, c.groupId() == 0 ? NO_GROUP : c.groupId(),
                c.username(), c.id());
    }

    /**
     * ADD_CONTACT (12 username, 3 display name, 2 group) → CONTACT. The new contact shows offline and is asked
     * (CONTACT_REQUEST) until they accept; a mutual add is accepted at once (see {@link ContactRequests}).
     */
    void add(Mig33Session s, Request.AddContact r) {
        String username = Usernames.normalize(r.username());
        Account me = s.account();
        if (username.isEmpty()) {
            s.error(r, "Only mig33 contacts can be added here");
            return;
        }
        if (username.equals(me.username())) {
            s.error(r, "You cannot add yourself");
            return;
        }
        Optional<Account> other = accountStore.find(username);
        if (other.isEmpty()) {
            s.error(r, "There is no mig33 user called " + username);
            return;
        }
        if (contactStore.contacts(me.id()).size() >= config.maxContacts()) {
            s.error(r, "Your contact list is full (" + config.maxContacts() + " contacts)");
            return;
        }
        int groupId = groupOrDefault(me.id(), r.groupId());
        String approval = requests.approvalForNewEntry(me, other.get());
        Optional<Contact> added = contactStore.addContact(me.id(), other.get().id(), groupId, r.displayName(), approval);
        if (added.isEmpty()) {
            s.error(r, username + " is already on your contact list");
            return;
        }
        boolean accepted = approval.equals(ContactRequestStore.ACCEPTED);
        if (accepted) {
            // followed before the CONTACT is made, and its presence asked again once it is sent: a change that
            // comes meanwhile is pushed after the CONTACT, or in it, or said by a PRESENCE behind it (a client
            // takes no presence for a contact it does not list yet, and a user who logged in between the CONTACT
            // and the follow used to show offline until their next change)
            requests.afterAdd(s, other.get(), added.get(), approval);
            int shown = s.presenceOf(other.get().username());
            s.send(contactPacket(r.txn(), added.get(), shown));
            int now = s.presenceOf(other.get().username());
            if (now != shown) {
                s.send(ServerPackets.presence(added.get().id(), now));
            }
        } else {
            // the request is handed to its recipient before the requester hears back: once the requester has its
            // answer, a recipient who logs in on this node finds the request in the login's one summary, not told
            // twice (on several nodes the hand-over to another node may still be on its way then)
            requests.afterAdd(s, other.get(), added.get(), approval);
            s.send(contactPacket(s, r.txn(), added.get(), false));
        }
    }

    void remove(Mig33Session s, Request.RemoveContact r) {
        int contactId = r.contactId();
        Optional<Contact> c = find(s, contactId);
        if (c.isEmpty() || !contactStore.removeContact(s.account().id(), contactId)) {
            s.error(r, "No such contact");
            return;
        }
        s.unfollow(c.get().username());
        s.send(ServerPackets.ok(r.txn(), "Contact removed"));
    }

    void move(Mig33Session s, Request.MoveContact r) {
        int groupId = r.groupId();
        if (contactStore.group(s.account().id(), groupId).isEmpty()) {
            s.error(r, "No such group");
        } else if (!contactStore.moveContact(s.account().id(), r.contactId(), groupId)) {
            s.error(r, "No such contact");
        } else {
            s.send(ServerPackets.ok(r.txn(), "Contact moved"));
        }
    }

    void update(Mig33Session s, Request.UpdateContact r) {
        int contactId = r.contactId();
        Optional<Contact> c = find(s, contactId);
        if (c.isEmpty()) {
            s.error(r, "No such contact");
            return;
        }
        int groupId = r.groupId() != null ? groupOrDefault(s.account().id(), r.groupId()) : c.get().groupId();
        String display = r.displayName() != null ? r.displayName() : c.get().displayName();
        contactStore.updateContact(s.account().id(), contactId, groupId, display);
        s.send(ServerPackets.ok(r.txn(), "Contact updated"));
    }

    /** ADD_GROUP (2 name) → GROUP with the new id. */
    void addGroup(Mig33Session s, Request.AddGroup r) {
        String name = r.groupName().trim();
        if (name.isEmpty() || name.length() > 64) {
            s.error(r, "A group needs a name of 1 to 64 characters");
            return;
        }
        if (contactStore.groups(s.account().id()).size() >= config.maxGroups()) {
            s.error(r, "You have the most groups allowed (" + config.maxGroups() + ")");
            return;
        }
        ContactGroup g = contactStore.addGroup(s.account().id(), name);
        s.send(ServerPackets.group(r.txn(), g.name(), g.id()));
    }

    void removeGroup(Mig33Session s, Request.RemoveGroup r) {
        if (!contactStore.removeGroup(s.account().id(), r.groupId())) {
            s.error(r, "That group cannot be removed");
        } else {
            s.send(ServerPackets.ok(r.txn(), "Group removed"));
        }
    }

    void renameGroup(Mig33Session s, Request.UpdateGroup r) {
        String name = r.groupName().trim();
        if (name.isEmpty() || name.length() > 64 || !contactStore.renameGroup(s.account().id(), r.groupId(), name)) {
            s.error(r, "That group cannot be renamed");
        } else {
            s.send(ServerPackets.ok(r.txn(), "Group renamed"));
        }
    }

    private Optional<Contact> find(Mig33Session s, int contactId) {
        return contactStore.contacts(s.account().id()).stream().filter(c -> c.id() == contactId).findFirst();
    }

    int groupOrDefault(int ownerId, int requested) {
        List<ContactGroup> groups = contactStore.groups(ownerId);
        return groups.stream().filter(g -> g.id() == requested).findFirst()
                .or(() -> groups.stream().filter(ContactGroup::isDefault).findFirst())
                .map(ContactGroup::id)
                .orElse(0);
    }

}
