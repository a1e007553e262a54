package dev.revenant.mig33;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.service.rooms.ChatRoomNames;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.Ban;
import dev.revenant.mig33.store.ChatRoomInfo;
import dev.revenant.mig33.store.ChatRoomStore;
import dev.revenant.mig33.store.Contact;
import dev.revenant.mig33.store.ContactGroup;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.JdbcAccountStore;
import dev.revenant.mig33.store.JdbcChatRoomStore;
import dev.revenant.mig33.store.JdbcContactRequestStore;
import dev.revenant.mig33.store.JdbcContactStore;
import dev.revenant.mig33.store.NewAccount;
import dev.revenant.mig33.store.NewChatRoom;
import dev.revenant.mig33.store.SealedPasswords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator does to mig33 data from the command line, whether or not the server runs (the store
 * is shared). Each method answers with a sentence (or the rows of a list) for the operator, or throws
 * {@link IllegalArgumentException} saying what is wrong. Inside the running server it also sees the live
 * sessions, so that a deleted user's session ends with the account.
 */
public final class Mig33Admin {
    private final AccountStore accounts;
    private final ContactStore contacts;
    private final SecretBox secrets;
    private final ContactRequestStore requests;
    private final String defaultGroup;
    private final ChatRoomStore chatRooms;
    /** The running server's sessions when the command runs there; null when no server holds this store. */
    private final SessionRegistry sessions;

    /** What a deleted user's client is told as its session ends. */
    public static final String DELETED_REASON = "Your account has been deleted.";
    /** mig33's service name in the session registry. */
    private static final String SERVICE = "mig33";

    /** One row of {@code user list}. */
    public record UserRow(String username, String displayName, String mobile, Boolean online) {}

    /** One row of {@code contact list}. */
    public record ContactRow(String contact, String displayName, String group) {}

    /** One row of {@code group list}. */
    public record GroupRow(String group, boolean isDefault, int contacts) {}

    /** One row of {@code room list}. */
    public record RoomRow(String room, int capacity, String owner, List<String> administrators, boolean kicking,
                          boolean adult, String language, String keywords, String description) {}

    public Mig33Admin(Database database, SecretBox secrets, String defaultGroup) {
        this(database, secrets, defaultGroup, null);
    }

    public Mig33Admin(Database database, SecretBox secrets, String defaultGroup, SessionRegistry sessions) {
        SealedPasswords.migrate(database, secrets);
        Jdbc jdbc = new Jdbc(database.dataSource());
        this.accounts = new JdbcAccountStore(jdbc, Clock.systemUTC());
        this.contacts = new JdbcContactStore(jdbc, Clock.systemUTC());
        this.secrets = secrets;
        this.requests = new JdbcContactRequestStore(jdbc);
        this.defaultGroup = defaultGroup;
        this.chatRooms = new JdbcChatRoomStore(jdbc, Clock.systemUTC());
        this.sessions = sessions;
    }

    /**
     * Adds a user. The name follows the registration's rules; so does the password (the rules a phone's
     * registration applies), unless {@code force}: an operator may set what the phones may not.
     */
    public String addUser(String rawName, String password, String mobile, String displayName, boolean force) {
        String name = Usernames.normalize(rawName);
        String problem = Usernames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        checkPassword(name, password, force);
        if (accounts.create(new NewAccount(name, SealedPasswords.seal(secrets, name, password), mobile, displayName, null, null, null, null),
                defaultGroup).isEmpty()) {
            throw new IllegalArgumentException("user " + name + " exists already");
        }
        return "user " + name + " added";
    }

    /** Sets a user's password, under the registration's rules unless {@code force}. */
    public String setPassword(String rawName, String password, boolean force) {
        String name = Usernames.normalize(rawName);
        account(name);
        checkPassword(name, password, force);
        if (!accounts.setPassword(name, SealedPasswords.seal(secrets, name, password))) {
            throw new IllegalArgumentException("no user " + name);
        }
        return "password of " + name + " changed";
    }

    private static void checkPassword(String name, String password, boolean force) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a password is required");
        }
        String problem = force ? null : Usernames.passwordProblem(name, password);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " (the rules phones register under; --force sets it anyway)");
        }
    }

    /**
     * Deletes a user with their contact list, waiting messages and the rooms they own. Rooms are other
     * people's meeting places, so a user who owns some is deleted only with {@code force}, which deletes those
     * rooms too (an operator who wants to keep a room makes a new official one first). A session the user
     * has on the running server ends with the account: the client is told why.
     */
    public String deleteUser(String rawName, boolean force) {
        Account account = account(rawName);
        String name = account.username();
        List<String> owned = chatRooms.search("", 0, Integer.MAX_VALUE).stream()
                .filter(r -> name.equals(r.owner())).map(ChatRoomInfo::name).toList();
        if (!owned.isEmpty() && !force) {
            throw new IllegalArgumentException(name + " owns the room" + (owned.size() == 1 ? " " : "s ")
                    + String.join(", ", owned) + ", which other people meet in and which would go with the account;"
                    + " nothing was deleted (--force deletes the account and those rooms)");
        }
        if (!accounts.delete(name)) {
            throw new IllegalArgumentException("no user " + name);
        }
        // after the delete, so that a login in between finds no account to start a new session with
        boolean ended = sessions != null && sessions.lookup(SERVICE, name).map(h -> {
            h.end(DELETED_REASON);
            return true;
        }).orElse(false);
        StringBuilder said = new StringBuilder("user " + name + " deleted");
        if (!owned.isEmpty()) {
            said.append(", with the room").append(owned.size() == 1 ? " " : "s ").append(String.join(", ", owned));
        }
        if (ended) {
            said.append("; their session was ended");
        }
        return said.toString();
    }

    /**
     * Bans a user for {@code duration} (null: until lifted), replacing an earlier ban. Their login is then
     * answered as the original answered a suspended account's, and a session they have on the running
     * server ends at once with that answer.
     */
    public String banUser(String rawName, String reason, Duration duration, String bannedBy) {
        Account account = account(rawName);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a ban needs a reason");
        }
        if (reason.length() > MAX_BAN_REASON) {
            throw new IllegalArgumentException("a ban's reason is at most " + MAX_BAN_REASON + " characters");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("a ban's duration must be positive (or none: until lifted)");
        }
        Instant now = Instant.now();
        String name = account.username();
        if (!accounts.ban(name, new Ban(reason.strip(), duration == null ? null : now.plus(duration), bannedBy, now))) {
            throw new IllegalArgumentException("no user " + name);
        }
        // after the ban is stored, so that a login in between is refused too
        boolean ended = endSession(name, Mig33Context.SUSPENDED);
        return "user " + name + " banned " + (duration == null ? "until the ban is lifted"
                : "until " + now.plus(duration).truncatedTo(ChronoUnit.SECONDS))
                + (ended ? "; their session was ended" : "");
    }

    /** Lifts a user's ban. */
    public String unbanUser(String rawName) {
        Account account = account(rawName);
        if (!accounts.unban(account.username())) {
            throw new IllegalArgumentException("user " + account.username() + " is not banned");
        }
        return "user " + account.username() + " unbanned";
    }

    /** The bans that hold now, by username. */
    public Map<String, Ban> bans() {
        return accounts.bans(Instant.now());
    }

    /**
     * Ends a user's live session on this server: the client is told {@code reason} (SESSION_TERMINATED),
     * and their contacts see them go offline. False when they have none (or no server runs this).
     */
    public boolean endSession(String rawName, String reason) {
        String name = Usernames.normalize(rawName);
        return sessions != null && sessions.lookup(SERVICE, name).map(h -> {
            if (h instanceof Mig33Session s) {
                s.shutdown(reason);
            } else {
                h.end(reason);
            }
            return true;
        }).orElse(false);
    }

    /** A ban's reason as stored: a sentence, not a document. */
    public static final int MAX_BAN_REASON = 500;

    /** Every user; whether each is online is known only inside the running server (else null). */
    public List<UserRow> users() {
        return accounts.all().stream().map(a -> new UserRow(a.username(), a.displayName(), a.mobilePhone(),
                sessions == null ? null : sessions.lookup(SERVICE, a.username()).isPresent())).toList();
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
        // every refusal before anything is written: a refused add leaves the list as it was
        if (listed(owner, contact.username()).isPresent()) {
            throw new IllegalArgumentException(contact.username() + " is already a contact of " + owner.username());
        }
        Optional<ContactGroup> existing = findGroup(owner, groupName);
        ContactGroup group = existing.orElseGet(() -> contacts.addGroup(owner.id(), groupName));
        if (contacts.addContact(owner.id(), contact.id(), group.id(), displayName).isEmpty()) {
            // added meanwhile (a phone's own request): the group made for it goes again
            existing.ifPresentOrElse(g -> {}, () -> contacts.removeGroup(owner.id(), group.id()));
            throw new IllegalArgumentException(contact.username() + " is already a contact of " + owner.username());
        }
        requests.approval(contact.id(), owner.id())
                .filter(a -> !a.equals(ContactRequestStore.ACCEPTED))
                .ifPresent(a -> requests.setApproval(contact.id(), owner.id(), ContactRequestStore.ACCEPTED));
        return contact.username() + " added to " + owner.username() + "'s contacts in " + group.name()
                + (existing.isEmpty() ? " (a new group)" : "");
    }

    /** OWNER's contact list, by group (as {@link #groups} lists them) then name. */
    public List<ContactRow> contacts(String rawOwner) {
        Account owner = account(rawOwner);
        List<GroupRow> order = groups(owner);
        Map<Integer, String> groupNames = new HashMap<>();
        contacts.groups(owner.id()).forEach(g -> groupNames.put(g.id(), g.name()));
        String fallback = order.isEmpty() ? defaultGroup : order.get(0).group(); // a contact whose group was removed
        return contacts.contacts(owner.id()).stream()
                .map(c -> new ContactRow(c.username(), c.displayName(), groupNames.getOrDefault(c.groupId(), fallback)))
                .sorted(Comparator.comparingInt((ContactRow r) -> indexOf(order, r.group()))
                        .thenComparing(ContactRow::contact))
                .toList();
    }

    private static int indexOf(List<GroupRow> groups, String name) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).group().equals(name)) {
                return i;
            }
        }
        return groups.size();
    }

    /** Takes CONTACT off OWNER's list (CONTACT's own list does not change). */
    public String deleteContact(String rawOwner, String rawContact) {
        Account owner = account(rawOwner);
        String name = Usernames.normalize(rawContact);
        Contact c = listed(owner, name).orElseThrow(() -> new IllegalArgumentException(
                name + " is not a contact of " + owner.username()));
        contacts.removeContact(owner.id(), c.id());
        return name + " removed from " + owner.username() + "'s contacts";
    }

    /** Moves CONTACT to another of OWNER's groups, which must exist. */
    public String moveContact(String rawOwner, String rawContact, String groupName) {
        Account owner = account(rawOwner);
        String name = Usernames.normalize(rawContact);
        Contact c = listed(owner, name).orElseThrow(() -> new IllegalArgumentException(
                name + " is not a contact of " + owner.username()));
        ContactGroup g = findGroup(owner, groupName).orElseThrow(() -> new IllegalArgumentException(
                owner.username() + " has no group " + groupName + " (make it with: revenant group add "
                        + owner.username() + " " + groupName + ")"));
        contacts.moveContact(owner.id(), c.id(), g.id());
        return name + " moved to " + g.name() + " in " + owner.username() + "'s contacts";
    }

    /** OWNER's groups, the default one first, with how many contacts each holds. */
    public List<GroupRow> groups(String rawOwner) {
        return groups(account(rawOwner));
    }

    private List<GroupRow> groups(Account owner) {
        List<Contact> listed = contacts.contacts(owner.id());
        List<GroupRow> rows = new ArrayList<>();
        for (ContactGroup g : contacts.groups(owner.id())) {
            int n = (int) listed.stream().filter(c -> c.groupId() == g.id() || (g.isDefault() && c.groupId() == 0)).count();
            rows.add(new GroupRow(g.name(), g.isDefault(), n));
        }
        rows.sort(Comparator.comparing((GroupRow r) -> !r.isDefault())
                .thenComparing(GroupRow::group, String.CASE_INSENSITIVE_ORDER));
        return rows;
    }

    public String renameGroup(String rawOwner, String groupName, String newName) {
        Account owner = account(rawOwner);
        ContactGroup g = findGroup(owner, groupName).orElseThrow(() -> new IllegalArgumentException(
                owner.username() + " has no group " + groupName));
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("a group needs a name");
        }
        if (findGroup(owner, newName).filter(other -> other.id() != g.id()).isPresent()) {
            throw new IllegalArgumentException(owner.username() + " has a group " + newName + " already");
        }
        contacts.renameGroup(owner.id(), g.id(), newName);
        return "group " + groupName + " renamed to " + newName + " for " + owner.username();
    }

    private Optional<Contact> listed(Account owner, String contactName) {
        return contacts.contacts(owner.id()).stream().filter(c -> c.username().equals(contactName)).findFirst();
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

    /** The named group, or for no name the default group; empty when OWNER has no such group. */
    private Optional<ContactGroup> findGroup(Account owner, String groupName) {
        List<ContactGroup> groups = contacts.groups(owner.id());
        if (groupName == null || groupName.isBlank()) {
            return Optional.of(groups.stream().filter(ContactGroup::isDefault).findFirst()
                    .orElseGet(() -> contacts.addGroup(owner.id(), defaultGroup)));
        }
        return groups.stream().filter(g -> g.name().equals(groupName)).findFirst();
    }

    private Account account(String rawName) {
        String name = Usernames.normalize(rawName);
        return accounts.find(name).orElseThrow(() -> new IllegalArgumentException("no user " + name));
    }


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

    /** Every room by name: owner null for an official room. */
    public List<RoomRow> rooms() {
        return chatRooms.search("", 0, Integer.MAX_VALUE).stream()
                .map(r -> new RoomRow(r.name(), r.capacity(), r.owner(), r.administrators(), r.allowKicking(), r.adult(),
                        r.language(), r.keywords(), r.description()))
                .toList();
    }

    /**
     * What {@code room edit} changes: null leaves a field as it is. Administrators are added and removed by
     * username. A room's name and owner stay (its name is how users find and favour it).
     */
    public record RoomChange(String description, Integer capacity, String language, Boolean adult, Boolean allowKicking,
                             String keywords, List<String> addAdministrators, List<String> removeAdministrators) {}

    /**
     * Changes a room. People already in it see the change when the room is next joined (the live room
     * reads its description again then); the new capacity applies to the next join.
     */
    public String editRoom(String rawName, RoomChange change) {
        String name = rawName == null ? "" : rawName.trim();
        ChatRoomInfo room = chatRooms.find(name).orElseThrow(() -> new IllegalArgumentException("no room " + name));
        int capacity = change.capacity() == null ? room.capacity() : change.capacity();
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        List<Account> adding = change.addAdministrators().stream().map(this::account).toList();
        List<Account> removing = change.removeAdministrators().stream().map(this::account).toList();
        for (Account a : removing) {
            if (!room.administrators().contains(a.username())) {
                throw new IllegalArgumentException(a.username() + " is not an administrator of " + room.name());
            }
        }
        chatRooms.edit(room.id(), change.description() == null ? room.description() : change.description().trim(),
                capacity, change.language() == null ? room.language() : change.language().trim(),
                change.adult() == null ? room.adult() : change.adult(),
                change.allowKicking() == null ? room.allowKicking() : change.allowKicking(),
                change.keywords() == null ? room.keywords() : change.keywords().trim());
        adding.forEach(a -> chatRooms.addAdministrator(room.id(), a.id()));
        removing.forEach(a -> chatRooms.removeAdministrator(room.id(), a.id()));
        return "room " + room.name() + " changed";
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
