package dev.revenant.mig33;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.service.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.ChatRoomInfo;
import dev.revenant.mig33.store.ChatRoomStore;
import dev.revenant.mig33.store.JdbcChatRoomStore;
import dev.revenant.mig33.store.NewChatRoom;
import dev.revenant.mig33.service.ChatRoomNames;
import dev.revenant.mig33.store.ContactGroup;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.JdbcContactRequestStore;
import dev.revenant.mig33.store.JdbcAccountStore;
import dev.revenant.mig33.store.JdbcContactStore;
import dev.revenant.mig33.store.NewAccount;
import dev.revenant.mig33.store.SealedPasswords;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What an operator does to mig33 data from the command line, whether or not the server runs (the store
 * is shared). Each method answers with a sentence for the operator or throws {@link IllegalArgumentException}.
 */
public final class Mig33Admin {
    private final AccountStore accounts;
    private final ContactStore contacts;
    private final SecretBox secrets;
    private final ContactRequestStore requests;
    private final String defaultGroup;
    private final ChatRoomStore chatRooms; // chat rooms

    public Mig33Admin(Database database, SecretBox secrets, String defaultGroup) {
        dev.revenant.mig33.store.SealedPasswords.migrate(database, secrets);
        Jdbc jdbc = new Jdbc(database.dataSource());
        this.accounts = new JdbcAccountStore(jdbc, Clock.systemUTC());
        this.contacts = new JdbcContactStore(jdbc, Clock.systemUTC());
        this.secrets = secrets;
        this.requests = new JdbcContactRequestStore(jdbc);
        this.defaultGroup = defaultGroup;
        this.chatRooms = new JdbcChatRoomStore(jdbc, Clock.systemUTC()); // chat rooms
    }

    public String addUser(String rawName, String password, String mobile, String displayName) {
        String name = Usernames.normalize(rawName);
        String problem = Usernames.problem(name);
        if (problem == null && (password == null || password.isEmpty())) {
            problem = "a password is required";
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (accounts.create(new NewAccount(name, SealedPasswords.seal(secrets, name, password), mobile, displayName, null, null, null, null),
                defaultGroup).isEmpty()) {
            throw new IllegalArgumentException("user " + name + " exists already");
        }
        return "user " + name + " added";
    }

    public String setPassword(String rawName, String password) {
        String name = Usernames.normalize(rawName);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a password is required");
        }
        if (!accounts.setPassword(name, SealedPasswords.seal(secrets, name, password))) {
            throw new IllegalArgumentException("no user " + name);
        }
        return "password of " + name + " changed";
    }

    public String deleteUser(String rawName) {
        String name = Usernames.normalize(rawName);
        if (!accounts.delete(name)) {
            throw new IllegalArgumentException("no user " + name);
        }
        return "user " + name + " deleted";
    }

    public List<String> users() {
        return accounts.usernames();
    }

    /**
     * Adds CONTACT to OWNER's list, in GROUP (made if missing). No contact request is sent: an operator's add
     * counts as accepted by both sides, so OWNER sees CONTACT's presence at once, and if CONTACT listed
     * OWNER already (perhaps still waiting for an answer) that entry is accepted too. CONTACT's own list
     * does not change.
     */
    public String addContact(String rawOwner, String rawContact, String groupName, String displayName) {
        Account owner = account(rawOwner);
        Account contact = account(rawContact);
        if (owner.id() == contact.id()) {
            throw new IllegalArgumentException("a user cannot list themself");
        }
        int groupId = group(owner, groupName).id();
        if (contacts.addContact(owner.id(), contact.id(), groupId, displayName).isEmpty()) {
            throw new IllegalArgumentException(contact.username() + " is already a contact of " + owner.username());
        }
        requests.approval(contact.id(), owner.id())
                .filter(a -> !a.equals(ContactRequestStore.ACCEPTED))
                .ifPresent(a -> requests.setApproval(contact.id(), owner.id(), ContactRequestStore.ACCEPTED));
        return contact.username() + " added to " + owner.username() + "'s contacts";
    }

    public String addGroup(String rawOwner, String groupName) {
        Account owner = account(rawOwner);
        if (contacts.groups(owner.id()).stream().anyMatch(g -> g.name().equals(groupName))) {
            throw new IllegalArgumentException(owner.username() + " has a group " + groupName + " already");
        }
        contacts.addGroup(owner.id(), groupName);
        return "group " + groupName + " added for " + owner.username();
    }

    public String deleteGroup(String rawOwner, String groupName) {
        Account owner = account(rawOwner);
        ContactGroup g = contacts.groups(owner.id()).stream().filter(x -> x.name().equals(groupName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(owner.username() + " has no group " + groupName));
        if (!contacts.removeGroup(owner.id(), g.id())) {
            throw new IllegalArgumentException("the default group cannot be deleted");
        }
        return "group " + groupName + " deleted for " + owner.username();
    }

    private ContactGroup group(Account owner, String groupName) {
        List<ContactGroup> groups = contacts.groups(owner.id());
        if (groupName == null || groupName.isBlank()) {
            return groups.stream().filter(ContactGroup::isDefault).findFirst()
                    .orElseGet(() -> contacts.addGroup(owner.id(), defaultGroup));
        }
        Optional<ContactGroup> named = groups.stream().filter(g -> g.name().equals(groupName)).findFirst();
        return named.orElseGet(() -> contacts.addGroup(owner.id(), groupName));
    }

    private Account account(String rawName) {
        String name = Usernames.normalize(rawName);
        return accounts.find(name).orElseThrow(() -> new IllegalArgumentException("no user " + name));
    }

    // chat rooms

    /** What an operator says about a new room; {@code owner} null makes an official room. */
    public record RoomSpec(String name, String description, int capacity, String owner, List<String> administrators,
                           String language, boolean adult, boolean allowKicking, String keywords) {}

    /** Room categories as stored (spec §6 CHATROOM field 6): an operator's room or a user's. */
    public static final int ROOM_OFFICIAL = 3;
    public static final int ROOM_USER = 4;

    public String addRoom(RoomSpec spec) {
        String name = spec.name() == null ? "" : spec.name().trim();
        String problem = ChatRoomNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (spec.capacity() < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        Integer ownerId = spec.owner() == null || spec.owner().isBlank() ? null : account(spec.owner()).id();
        List<Account> admins = spec.administrators().stream().map(this::account).toList();
        ChatRoomInfo room = chatRooms.create(new NewChatRoom(name, nz(spec.description()),
                        ownerId == null ? ROOM_OFFICIAL : ROOM_USER, spec.capacity(), ownerId, nz(spec.language()),
                        spec.adult(), spec.allowKicking(), nz(spec.keywords())))
                .orElseThrow(() -> new IllegalArgumentException("there is a room called " + name + " already"));
        for (Account a : admins) {
            chatRooms.addAdministrator(room.id(), a.id());
        }
        return "room " + name + " added";
    }

    public String deleteRoom(String name) {
        if (name == null || !chatRooms.delete(name)) {
            throw new IllegalArgumentException("no room " + (name == null ? "" : name.trim()));
        }
        return "room " + name.trim() + " deleted";
    }

    /** Every room, one line each: name, capacity, owner (or "official"), administrators, kicking. */
    public List<String> rooms() {
        return chatRooms.search("", 0, Integer.MAX_VALUE).stream()
                .map(r -> r.name() + "\tcapacity=" + r.capacity() + "\towner=" + (r.owner() == null ? "-" : r.owner())
                        + "\tadmins=" + (r.administrators().isEmpty() ? "-" : String.join(",", r.administrators()))
                        + "\tkicking=" + (r.allowKicking() ? "yes" : "no") + (r.adult() ? "\tadult" : ""))
                .toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
