package dev.revenant.mig33.service;

import dev.revenant.core.log.LogText;
import dev.revenant.core.bus.Delivery;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.Contact;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.PermissionStore;
import dev.revenant.mig33.store.ProfileStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contact requests (spec §6 Contacts): adding a mig33 user asks them (CONTACT_REQUEST 412); only once they
 * accept (413) does the requester see their presence. Whoever lists a user has consented to being seen by
 * them, so a mutual add is accepted at once, and accepting makes presence visible both ways.
 */
final class ContactRequests {
    private static final Logger log = LoggerFactory.getLogger(ContactRequests.class);
    /** Bus delivery kinds a session understands (see {@link Mig33Session#deliver}). */
    static final String KIND_REQUEST = "contact-request";
    static final String KIND_FOLLOW = "contact-follow";
    static final String KIND_HIDE = "contact-hide";

    private final Mig33Context ctx;
    private final ContactListService contactList;

    ContactRequests(Mig33Context ctx, ContactListService contactList) {
        this.ctx = ctx;
        this.contactList = contactList;
    }

    /**
     * The approval a new entry of {@code owner} for {@code other} starts with: rejected without a word if
     * {@code other} blocks the owner; accepted if {@code other} lists the owner already (a mutual add) or
     * allowed them; else pending, waiting for {@code other}.
     */
    String approvalForNewEntry(Account owner, Account other) {
        int permission = ctx.permissions().permission(other.id(), owner.id());
        if (permission == PermissionStore.BLOCK) {
            return ContactRequestStore.REJECTED;
        }
        if (permission == PermissionStore.ALLOW || ctx.requests().approval(other.id(), owner.id()).isPresent()) {
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
                Optional<String> theirs = ctx.requests().approval(other.id(), me.id());
                if (theirs.isPresent() && !theirs.get().equals(ContactRequestStore.ACCEPTED)) {
                    ctx.requests().setApproval(other.id(), me.id(), ContactRequestStore.ACCEPTED);
                    showTo(other.username(), other.id(), me);
                }
            }
            case ContactRequestStore.PENDING -> {
                ctx.meters().counter("revenant.mig33.contact_requests", "outcome", "sent").increment();
                // delivered now if the other user is online; else at their next login (the entry is the request)
                ctx.bus().deliver(Mig33Context.SERVICE, other.username(),
                        Delivery.of(KIND_REQUEST, "requester", me.username()));
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
        ctx.requests().visibleEntry(viewerId, shown.id()).ifPresent(contactId -> {
            ProfileStore.Shown what = ctx.profiles().shown(shown.id())
                    .orElse(new ProfileStore.Shown(null, null, 0, 0));
            ctx.bus().deliver(Mig33Context.SERVICE, viewerName, Delivery.of(KIND_FOLLOW,
                    "user", shown.username(), "contactId", Integer.toString(contactId),
                    "status", emptyToNull(what.statusMessage()), "statusAt", Long.toString(what.statusMessageAt()),
                    "picture", emptyToNull(what.displayPicture()), "pictureAt", Long.toString(what.displayPictureAt())));
        });
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Tells {@code viewer}'s session that it may no longer see {@code shown}'s presence (shown offline). */
    void hideFrom(String viewerName, String shownName, int contactId) {
        ctx.bus().deliver(Mig33Context.SERVICE, viewerName, Delivery.of(KIND_HIDE,
                "user", shownName, "contactId", Integer.toString(contactId)));
    }

    /** GET_CONTACT_REQUESTS (425) → CONTACT_REQUEST × n, then OK with n (this server's end marker). */
    void list(Mig33Session s, Packet p) {
        List<String> waiting = ctx.requests().pendingFor(s.account().id());
        for (String requester : waiting) {
            s.send(ServerPackets.contactRequest(p.txn(), requester));
        }
        s.send(ServerPackets.ok(p.txn(), Integer.toString(waiting.size())));
    }

    /** At login, after the contact list: every request still waiting, pushed. */
    void deliverPending(Mig33Session s) {
        for (String requester : ctx.requests().pendingFor(s.account().id())) {
            s.send(ServerPackets.contactRequest(ServerPackets.PUSH, requester));
        }
    }

    /**
     * ACCEPT_CONTACT_REQUEST (413: 1 username, 2 add back, 3 group id): the requester sees the user's
     * presence from now on. With add back the requester joins the user's list (accepted: they asked), and
     * the answer is its CONTACT; else OK.
     */
    void accept(Mig33Session s, Packet p) {
        Account me = s.account();
        Optional<Account> from = pendingRequester(s, p);
        if (from.isEmpty()) {
            return;
        }
        Account requester = from.get();
        ctx.requests().setApproval(requester.id(), me.id(), ContactRequestStore.ACCEPTED);
        ctx.meters().counter("revenant.mig33.contact_requests", "outcome", "accepted").increment();
        log.debug("event=contact_request_accepted from={} by={}", LogText.escape(requester.username()),
                LogText.escape(me.username()));
        showTo(requester.username(), requester.id(), me);

        Optional<String> mine = ctx.requests().approval(me.id(), requester.id());
        if (mine.isPresent()) {
            // I listed them already: their request is their consent to being seen
            if (!mine.get().equals(ContactRequestStore.ACCEPTED)) {
                ctx.requests().setApproval(me.id(), requester.id(), ContactRequestStore.ACCEPTED);
            }
            ctx.requests().visibleEntry(me.id(), requester.id()).ifPresent(id -> s.followAndShow(requester.username(), id));
            s.send(ServerPackets.ok(p.txn(), "Contact request accepted"));
            return;
        }
        if (p.number(2, 0) == 0) {
            s.send(ServerPackets.ok(p.txn(), "Contact request accepted"));
            return;
        }
        if (ctx.contacts().contacts(me.id()).size() >= ctx.config().maxContacts()) {
            // the acceptance stands; only the add back failed
            s.send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED,
                    "Accepted, but your contact list is full (" + ctx.config().maxContacts() + " contacts)"));
            return;
        }
        int groupId = contactList.groupOrDefault(me.id(), p.integer(3, 0));
        Optional<Contact> added = ctx.contacts().addContact(me.id(), requester.id(), groupId, null,
                ContactRequestStore.ACCEPTED);
        if (added.isEmpty()) {
            s.send(ServerPackets.ok(p.txn(), "Contact request accepted"));
            return;
        }
        s.follow(requester.username(), added.get().id());
        s.send(contactList.contactPacket(s, p.txn(), added.get(), true));
    }

    /** REJECT_CONTACT_REQUEST (414: 1 username, 2 block): the requester is not told; with 2 = 1 they are blocked too. */
    void reject(Mig33Session s, Packet p, Privacy privacy) {
        Account me = s.account();
        Optional<Account> from = pendingRequester(s, p);
        if (from.isEmpty()) {
            return;
        }
        ctx.requests().setApproval(from.get().id(), me.id(), ContactRequestStore.REJECTED);
        ctx.meters().counter("revenant.mig33.contact_requests", "outcome", "rejected").increment();
        boolean block = p.number(2, 0) != 0;
        if (block) {
            privacy.apply(s, from.get(), PermissionStore.BLOCK);
        }
        log.debug("event=contact_request_rejected from={} by={} block={}", LogText.escape(from.get().username()),
                LogText.escape(me.username()), block);
        s.send(ServerPackets.ok(p.txn(), "Contact request rejected"));
    }

    private Optional<Account> pendingRequester(Mig33Session s, Packet p) {
        String name = Usernames.normalize(p.string(1));
        Optional<Account> from = name.isEmpty() ? Optional.empty() : ctx.accounts().find(name);
        if (from.isEmpty() || !ctx.requests().approval(from.get().id(), s.account().id())
                .map(ContactRequestStore.PENDING::equals).orElse(false)) {
            s.send(ServerPackets.error(p.txn(), ServerPackets.ERROR_UNDEFINED, "No contact request from " + name));
            return Optional.empty();
        }
        return from;
    }
}
