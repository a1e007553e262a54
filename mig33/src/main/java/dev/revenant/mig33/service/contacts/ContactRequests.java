package dev.revenant.mig33.service.contacts;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.Contact;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.PermissionStore;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.web.WebAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contact requests (spec §6 Contacts): adding a mig33 user asks them (CONTACT_REQUEST 412); only once they
 * accept (413) does the requester see their presence. Whoever lists a user has consented to being seen by
 * them, so a mutual add is accepted at once, and accepting makes presence visible both ways.
 *
 * <p>Clients from 4.10 on have no contact request screen (no handler for 412, no 413 sent): as the original
 * gateway did, they are told with a NOTIFICATION (14) whose URL is a page of the waiting requests, where the
 * user accepts or rejects each ({@link RequestsPage}).
 */
public final class ContactRequests {
    private static final Logger log = LoggerFactory.getLogger(ContactRequests.class);
    /** Bus delivery kinds a session understands (see {@link Mig33Session#deliver}). */

    /** The first client version told of requests by NOTIFICATION (14) instead of CONTACT_REQUEST (412). */
    static final int NOTIFIED_VERSION = 410;
    /** NOTIFICATION field 3 for a contact request: the original's FRIEND_INVITE. */
    static final int FRIEND_INVITE = 1;

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final ContactStore contactStore;
    private final ContactRequestStore requestStore;
    private final PermissionStore permissionStore;
    private final ProfileStore profileStore;
    private final MessageBus bus;
    private final MeterRegistry meters;
    private final ContactListService contactList;
    private final WebAddress web;

    ContactRequests(Mig33Config config, AccountStore accountStore, ContactStore contactStore,
                    ContactRequestStore requestStore, PermissionStore permissionStore, ProfileStore profileStore,
                    MessageBus bus, MeterRegistry meters, ContactListService contactList, WebAddress web) {
        this.config = config;
        this.accountStore = accountStore;
        this.contactStore = contactStore;
        this.requestStore = requestStore;
        this.permissionStore = permissionStore;
        this.profileStore = profileStore;
        this.bus = bus;
        this.meters = meters;
        this.contactList = contactList;
        this.web = web;
    }

    /**
     * The approval a new entry of {@code owner} for {@code other} starts with: rejected without a word if
     * {@code other} blocks the owner; accepted if {@code other} lists the owner already (a mutual add) or
     * allowed them; else pending, waiting for {@code other}.
     */
    String approvalForNewEntry(Account owner, Account other) {
        int permission = permissionStore.permission(other.id(), owner.id());
        if (permission == PermissionStore.BLOCK) {
            return ContactRequestStore.REJECTED;
        }
        if (permission == PermissionStore.ALLOW || requestStore.approval(other.id(), owner.id()).isPresent()) {
            return ContactRequestStore.ACCEPTED;
        }
        return ContactRequestStore.PENDING;
    }

    /** After ADD_CONTACT stored the entry: follow an accepted contact (and make a mutual add accepted), or ask. */
    void afterAdd(Mig33Session s, Account other, Contact added, String approval) {
        Account me = s.account();
        switch (approval) {
            case ContactRequestStore.ACCEPTED -> {
                s.follow(other.username(), added.id());
                // the other user listed me before: my add is my consent, so their entry becomes accepted too
                Optional<String> theirs = requestStore.approval(other.id(), me.id());
                if (theirs.isPresent() && !theirs.get().equals(ContactRequestStore.ACCEPTED)) {
                    requestStore.setApproval(other.id(), me.id(), ContactRequestStore.ACCEPTED);
                    showTo(other.username(), other.id(), me);
                }
            }
            case ContactRequestStore.PENDING -> {
                meters.counter("revenant.mig33.contact_requests", "outcome", "sent").increment();
                // delivered now if the other user is online; else at their next login (the entry is the request)
                bus.deliver(Mig33Context.SERVICE, other.username(),
                        new Push.ContactRequest(me.username()).toDelivery());
            }
            default -> log.debug("event=contact_request_dropped from={} to={} reason=blocked", LogText.escape(me.username()),
                    LogText.escape(other.username()));
        }
    }

    /**
     * Tells {@code viewer}'s session (wherever it is) that it may now see {@code shown}'s presence, and what
     * status message and display picture {@code shown} has set.
     */
    void showTo(String viewerName, int viewerId, Account shown) {
        requestStore.visibleEntry(viewerId, shown.id()).ifPresent(contactId -> {
            ProfileStore.Shown what = profileStore.shown(shown.id())
                    .orElse(new ProfileStore.Shown(null, null, 0, 0));
            bus.deliver(Mig33Context.SERVICE, viewerName, new Push.Follow(shown.username(), contactId,
                    emptyToNull(what.statusMessage()), what.statusMessageAt(), emptyToNull(what.displayPicture()),
                    what.displayPictureAt()).toDelivery());
        });
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Tells {@code viewer}'s session that it may no longer see {@code shown}'s presence (shown offline). */
    void hideFrom(String viewerName, String shownName, int contactId) {
        bus.deliver(Mig33Context.SERVICE, viewerName, new Push.Hide(shownName, contactId).toDelivery());
    }

    /** Registers the contact requests' handlers; a rejection may block the requester through {@code privacy}. */
    public void register(Dispatch d, Privacy privacy) {
        d.loggedIn(Request.GetContactRequests.class, this::list);
        d.loggedIn(Request.AcceptContactRequest.class, this::accept);
        d.loggedIn(Request.RejectContactRequest.class, (s, r) -> reject(s, r, privacy));
        // a request from a user this one blocks is dropped
        d.push(Push.ContactRequest.class, (s, r) -> s.blocks(r.requester()) ? CompletableFuture.completedFuture(true)
                : s.send(notice(s, r.requester())));
    }

    /** GET_CONTACT_REQUESTS (425) → CONTACT_REQUEST × n, then OK with n (this server's end marker). */
    void list(Mig33Session s, Request.GetContactRequests r) {
        List<String> waiting = requestStore.pendingFor(s.account().id());
        for (String requester : waiting) {
            s.send(ServerPackets.contactRequest(r.txn(), requester));
        }
        s.send(ServerPackets.ok(r.txn(), Integer.toString(waiting.size())));
    }

    /**
     * At login, after the contact list: every request still waiting, pushed; to a client from 4.10 on, one
     * NOTIFICATION that says how many wait, with the page that lists them.
     */
    public void deliverPending(Mig33Session s) {
        List<String> waiting = requestStore.pendingFor(s.account().id());
        if (s.clientVersion() >= NOTIFIED_VERSION) {
            if (!waiting.isEmpty()) {
                s.send(waitingNotice(waiting));
            }
            return;
        }
        for (String requester : waiting) {
            s.send(ServerPackets.contactRequest(ServerPackets.PUSH, requester));
        }
    }

    /**
     * After a request was answered on the page: the notice of what still waits, or an empty NOTIFICATION
     * when nothing does (as the original sent), which takes the notice off the phone's list.
     */
    void renotify(Mig33Session s) {
        List<String> waiting = requestStore.pendingFor(s.account().id());
        s.send(waiting.isEmpty() ? ServerPackets.noNotification() : waitingNotice(waiting));
    }

    private Packet waitingNotice(List<String> waiting) {
        return notification(waiting.size() == 1 ? addedYou(waiting.get(0))
                : "You have " + waiting.size() + " contact requests.", waiting.size());
    }

    /** How the user of {@code s} is told, live, of a new request from {@code requester}. */
    Packet notice(Mig33Session s, String requester) {
        if (s.clientVersion() < NOTIFIED_VERSION) {
            return ServerPackets.contactRequest(ServerPackets.PUSH, requester);
        }
        return notification(addedYou(requester), requestStore.pendingFor(s.account().id()).size());
    }

    /** The words of the 3.x and 4.05 request screen, for the newer clients' notification and page. */
    static String addedYou(String requester) {
        return requester + " has added you to his/her contact list.";
    }

    private Packet notification(String text, int pending) {
        return ServerPackets.notification(text, web.requestsPage(), FRIEND_INVITE, pending);
    }

    /** CONTACT_LIST_VERSION pushed after a change the client did not ask for (an accept on the requests page). */
    void sendListVersion(Mig33Session s) {
        contactList.sendVersion(s, ServerPackets.PUSH);
    }

    /** The users whose requests to {@code me} wait, oldest first. */
    List<String> pending(Account me) {
        return requestStore.pendingFor(me.id());
    }

    /**
     * ACCEPT_CONTACT_REQUEST (413: 1 username, 2 add back, 3 group id): the requester sees the user's
     * presence from now on. With add back the requester joins the user's list (accepted: they asked), and
     * the answer is its CONTACT; else OK.
     */
    void accept(Mig33Session s, Request.AcceptContactRequest r) {
        Optional<Account> from = pendingRequester(s, r.txn(), r.username());
        if (from.isPresent()) {
            s.send(accept(s, from.get(), r.txn(), r.addContact(), r.groupId()));
        }
    }

    /**
     * Accepts {@code requester}'s waiting request to the user of {@code s} (see ACCEPT_CONTACT_REQUEST); the
     * answer to send with {@code txn}: the requester's CONTACT where they joined the list, else OK or ERROR.
     */
    Packet accept(Mig33Session s, Account requester, int txn, boolean addBack, int group) {
        Account me = s.account();
        requestStore.setApproval(requester.id(), me.id(), ContactRequestStore.ACCEPTED);
        meters.counter("revenant.mig33.contact_requests", "outcome", "accepted").increment();
        log.debug("event=contact_request_accepted from={} by={}", LogText.escape(requester.username()),
                LogText.escape(me.username()));
        showTo(requester.username(), requester.id(), me);

        Optional<String> mine = requestStore.approval(me.id(), requester.id());
        if (mine.isPresent()) {
            // I listed them already: their request is their consent to being seen
            if (!mine.get().equals(ContactRequestStore.ACCEPTED)) {
                requestStore.setApproval(me.id(), requester.id(), ContactRequestStore.ACCEPTED);
            }
            requestStore.visibleEntry(me.id(), requester.id()).ifPresent(id -> s.followAndShow(requester.username(), id));
            return ServerPackets.ok(txn, ACCEPTED);
        }
        if (!addBack) {
            return ServerPackets.ok(txn, ACCEPTED);
        }
        if (contactStore.contacts(me.id()).size() >= config.maxContacts()) {
            // the acceptance stands; only the add back failed
            return ServerPackets.error(txn, ServerPackets.ERROR_UNDEFINED,
                    "Accepted, but your contact list is full (" + config.maxContacts() + " contacts)");
        }
        int groupId = contactList.groupOrDefault(me.id(), group);
        Optional<Contact> added = contactStore.addContact(me.id(), requester.id(), groupId, null,
                ContactRequestStore.ACCEPTED);
        if (added.isEmpty()) {
            return ServerPackets.ok(txn, ACCEPTED);
        }
        s.follow(requester.username(), added.get().id());
        return contactList.contactPacket(s, txn, added.get(), true);
    }

    static final String ACCEPTED = "Contact request accepted";

    /** REJECT_CONTACT_REQUEST (414: 1 username, 2 block): the requester is not told; with 2 = 1 they are blocked too. */
    void reject(Mig33Session s, Request.RejectContactRequest r, Privacy privacy) {
        Optional<Account> from = pendingRequester(s, r.txn(), r.username());
        if (from.isPresent()) {
            reject(s, from.get(), r.block(), privacy);
            s.send(ServerPackets.ok(r.txn(), "Contact request rejected"));
        }
    }

    /** Rejects {@code requester}'s waiting request to the user of {@code s}; with {@code block} they are blocked too. */
    void reject(Mig33Session s, Account requester, boolean block, Privacy privacy) {
        requestStore.setApproval(requester.id(), s.account().id(), ContactRequestStore.REJECTED);
        meters.counter("revenant.mig33.contact_requests", "outcome", "rejected").increment();
        if (block) {
            privacy.apply(s, requester, PermissionStore.BLOCK);
        }
        log.debug("event=contact_request_rejected from={} by={} block={}", LogText.escape(requester.username()),
                LogText.escape(s.account().username()), block);
    }

    private Optional<Account> pendingRequester(Mig33Session s, int txn, String username) {
        String name = Usernames.normalize(username);
        Optional<Account> from = waitingFrom(s, name);
        if (from.isEmpty()) {
            s.send(ServerPackets.error(txn, ServerPackets.ERROR_UNDEFINED, "No contact request from " + name));
        }
        return from;
    }

    /** The account of {@code name} if a request of theirs to the user of {@code s} waits. */
    Optional<Account> waitingFrom(Mig33Session s, String name) {
        Optional<Account> from = name.isEmpty() ? Optional.empty() : accountStore.find(name);
        return from.filter(a -> requestStore.approval(a.id(), s.account().id())
                .map(ContactRequestStore.PENDING::equals).orElse(false));
    }
}
