package dev.revenant.mig33.service.groupchats;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.session.Blocklist;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.MessageText;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.Presence;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.Contact;
import dev.revenant.mig33.store.ContactRequestStore;
import dev.revenant.mig33.store.ContactStore;
import dev.revenant.mig33.store.PermissionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group chats (spec §6, packets 750–756): ad-hoc rooms between contacts. They are live state, like
 * sessions: held in memory, never stored, and gone when their last participant leaves or loses the
 * connection. Only creating and inviting read the store (the inviter's contact list); a message to a
 * group chat touches no database.
 *
 * <p>Decisions where the reference is silent: only the inviter's contacts may be invited, and only those
 * who accepted the inviter (or allow them); an invited contact who is offline, invisible, not consenting or
 * blocking the inviter is left out (a group chat cannot wait for anyone); the OK for a group-chat
 * message does not wait for its deliveries, and nothing said in a group chat is kept for later.
 */
public final class GroupChats {
    private static final Logger log = LoggerFactory.getLogger(GroupChats.class);
    static final int DESTINATION_GROUP_CHAT = 2;
    static final int IM_MIG33 = Request.IM_MIG33;
    /** MESSAGE field 1 of a live line. */
    static final int MESSAGE_TYPE_MIG33 = 1;
    /** GROUP_CHAT_USER_STATUS field 1 (spec §7, chat user status). */
    static final int JOINED = 1;
    static final int LEFT = 2;
    /** GROUP_CHAT_USER_STATUS field 4 (spec §7, chat participant type): group chats have no administrators. */
    static final int USER_NORMAL = 0;

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final ContactStore contactStore;
    private final ContactRequestStore requestStore;
    private final PermissionStore permissionStore;
    private final SessionRegistry registry;
    private final MessageBus bus;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Blocklist blocklist;
    /** The live group chats and who is in each. */
    private final GroupChatDirectory chats;

    public GroupChats(Mig33Config config, AccountStore accountStore, ContactStore contactStore,
                    ContactRequestStore requestStore, PermissionStore permissionStore, SessionRegistry registry,
                    MessageBus bus, Clock clock, MeterRegistry meters, Blocklist blocklist, GroupChatDirectory chats) {
        this.config = config;
        this.accountStore = accountStore;
        this.contactStore = contactStore;
        this.requestStore = requestStore;
        this.permissionStore = permissionStore;
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
        this.meters = meters;
        this.blocklist = blocklist;
        this.chats = chats;
        // where several nodes share the chats, the community's: every node's gauge reads the same number (take
        // one, not the sum)
        meters.gauge("revenant.mig33.group_chats_live", chats, GroupChatDirectory::count);
        chats.onDropped(this::dropped);
    }

    /** Registers the group chats' handlers. */
    public void register(Dispatch d) {
        d.loggedIn(Request.CreateGroupChat.class, unlessAway(this::create));
        d.loggedIn(Request.GroupChatInvite.class, unlessAway(this::invite));
        d.loggedIn(Request.LeaveGroupChat.class, unlessAway(this::leave));
        d.loggedIn(Request.GetGroupChatParticipants.class, unlessAway(this::participants));
        d.loggedIn(Request.GroupChatMessage.class, unlessAway(this::message));
        registerPushes(d);
    }

    /**
     * A request the directory cannot serve now (several nodes, Redis away) is answered with an error, and the
     * connection stays: the user's private messages and contacts still work.
     */
    private static <R extends Request> Dispatch.Handler<R> unlessAway(Dispatch.Handler<R> handler) {
        return (s, r) -> {
            try {
                handler.handle(s, r);
            } catch (GroupChatDirectory.Unavailable e) {
                s.error(r, "Group chats are not available right now, please try again later");
            }
        };
    }

    /** CREATE_GROUP_CHAT (751): 2 = invited user, 4 = further users (NUL-separated), 3 = IM type. */
    void create(Mig33Session s, Request.CreateGroupChat r) {
        String me = s.account().username();
        if (r.imType() != IM_MIG33) {
            s.error(r, "Only mig33 group chats are supported");
            return;
        }
        Set<String> invited = invitees(r.invited());
        invited.remove(me);
        if (invited.isEmpty()) {
            s.error(r, "Invite at least one contact to a group chat");
            return;
        }
        int max = config.maxGroupChatParticipants();
        if (invited.size() + 1 > max) {
            s.error(r, "A group chat holds at most " + max + " users");
            return;
        }
        int most = config.maxGroupChatsPerUser();
        if (chats.chatsOf(s).size() >= most) {
            s.error(r, "You are in " + most + " group chats already: leave one to start another");
            return;
        }
        Map<String, SessionHandle> online = joinable(s, r, invited);
        if (online == null) {
            return;
        }
        GroupChatDirectory.Chat chat = chats.open(me, IM_MIG33, s, online);
        dropIfClosed(chat, online);
        meters.counter("revenant.mig33.group_chats", "event", "created").increment();
        log.debug("event=group_chat_created creator={} participants={}", LogText.escape(me), online.size() + 1);
        s.send(ServerPackets.groupChat(r.txn(), chat.id(), me, chat.imType()));
        for (String user : online.keySet()) {
            push(user, invitedDelivery(chat));
        }
    }

    /** GROUP_CHAT_INVITE (752): 1 = group chat id, 2 = user, 4 = further users. */
    void invite(Mig33Session s, Request.GroupChatInvite r) {
        String me = s.account().username();
        GroupChatDirectory.Chat chat = chatOf(s, r.groupChatId());
        if (chat == null) {
            s.error(r, "You are not in that group chat");
            return;
        }
        Set<String> invited = invitees(r.invited());
        invited.removeAll(chats.participants(chat.id()));
        if (invited.isEmpty()) {
            s.error(r, "Invite at least one contact who is not in the group chat yet");
            return;
        }
        int max = config.maxGroupChatParticipants();
        if (invited.size() >= max) {
            // checked again under the lock below; this spares the lookups for a list that cannot fit
            s.error(r, "A group chat holds at most " + max + " users");
            return;
        }
        Map<String, SessionHandle> online = joinable(s, r, invited);
        if (online == null) {
            return;
        }
        GroupChatDirectory.Invited outcome = chats.invite(chat.id(), me, s, online, max);
        if (outcome instanceof GroupChatDirectory.TooMany) {
            s.error(r, "A group chat holds at most " + max + " users");
            return;
        }
        if (!(outcome instanceof GroupChatDirectory.Added added)) {
            s.error(r, "You are not in that group chat");
            return;
        }
        dropIfClosed(chat, added.added());
        s.send(ServerPackets.ok(r.txn(), "Invited"));
        for (String user : added.added().keySet()) {
            push(user, invitedDelivery(chat));
            for (String other : added.others()) {
                push(other, statusDelivery(chat, JOINED, user));
            }
        }
    }

    /** LEAVE_GROUP_CHAT (753): 1 = group chat id. */
    void leave(Mig33Session s, Request.LeaveGroupChat r) {
        if (!leave(r.groupChatId(), s.account().username(), s)) {
            s.error(r, "You are not in that group chat");
            return;
        }
        s.send(ServerPackets.ok(r.txn(), "You have left the group chat"));
    }

    /** GET_GROUP_CHAT_PARTICIPANTS (754) → GROUP_CHAT_PARTICIPANTS (755). */
    void participants(Mig33Session s, Request.GetGroupChatParticipants r) {
        GroupChatDirectory.Chat chat = chatOf(s, r.groupChatId());
        if (chat == null) {
            s.error(r, "You are not in that group chat");
            return;
        }
        StringBuilder list = new StringBuilder();
        chats.participants(chat.id()).forEach(u -> list.append(u).append(';'));
        s.send(ServerPackets.groupChatParticipants(r.txn(), chat.id(), list.toString(), "", chat.imType()));
    }

    /** MESSAGE with destination type 2: to every other participant, live only. */
    void message(Mig33Session s, Request.GroupChatMessage r) {
        String me = s.account().username();
        if (r.contentType() != Request.Message.CONTENT_TEXT) {
            s.error(r, "Only text can be sent to a group chat");
            return;
        }
        String text = MessageText.accepted(s, r, r.text(), config.maxMessageLength());
        if (text == null) {
            return;
        }
        GroupChatDirectory.Chat chat = chatOf(s, r.groupChatId());
        if (chat == null) {
            s.error(r, "You are not in that group chat");
            return;
        }
        List<String> others = chats.participants(chat.id());
        others.remove(me);
        String guid = UUID.randomUUID().toString();
        long now = clock.millis();
        Delivery d = new Push.GroupChatText(me, chat.id(), text, guid, now).toDelivery();
        for (String other : others) {
            push(other, d);
        }
        meters.counter("revenant.mig33.messages", "path", "group_chat").increment();
        s.send(ServerPackets.messageAccepted(r.txn(), guid, now));
    }

    /** The session has ended (logout, lost connection, takeover): it leaves every group chat it was in. */
    void leaveAll(Mig33Session s) {
        if (s.account() == null) {
            return;
        }
        for (String id : chats.chatsOf(s)) {
            leave(id, s.account().username(), s);
        }
    }


    // ---- the pushes, as a participant's session turns them into packets ----

    /** Registers how the group chats' pushes reach a participant, and that a closed session leaves its chats. */
    private void registerPushes(Dispatch d) {
        d.push(Push.GroupChatInvited.class, (s, i) -> s.send(ServerPackets.groupChat(ServerPackets.PUSH, i.chat(),
                i.creator(), i.imType())));
        d.push(Push.GroupChatStatus.class, (s, st) -> s.send(ServerPackets.groupChatUserStatus(st.status(), st.chat(),
                st.user(), USER_NORMAL)));
        // a line from a user this one blocks is dropped, as in chat rooms
        d.push(Push.GroupChatText.class, (s, m) -> s.blocks(m.source()) ? CompletableFuture.completedFuture(true)
                : s.send(ServerPackets.message(new ServerPackets.IncomingMessage(MESSAGE_TYPE_MIG33,
                        m.source(), DESTINATION_GROUP_CHAT, m.chat(), Request.Message.CONTENT_TEXT, m.text(), m.guid(),
                        m.timestamp()))));
        d.onClose(this::leaveAll);
    }

    // ---- helpers ----

    private boolean leave(String id, String user, SessionHandle session) {
        // a session that was taken over must not take its successor out of the chat
        Optional<List<String>> left = chats.leave(id, user, session);
        if (left.isEmpty()) {
            return false;
        }
        List<String> remaining = left.get();
        if (remaining.isEmpty()) {
            meters.counter("revenant.mig33.group_chats", "event", "ended").increment();
            log.debug("event=group_chat_ended last={}", LogText.escape(user));
        }
        for (String other : remaining) {
            push(other, new Push.GroupChatStatus(id, LEFT, user).toDelivery());
        }
        return true;
    }

    /**
     * Participants whose sessions ended where their leaving was not heard (their node died): the others see
     * them leave, as if they had lost the connection.
     */
    private void dropped(String id, List<String> users, List<String> remaining) {
        for (String user : users) {
            for (String other : remaining) {
                push(other, new Push.GroupChatStatus(id, LEFT, user).toDelivery());
            }
        }
        if (remaining.isEmpty()) {
            meters.counter("revenant.mig33.group_chats", "event", "ended").increment();
            log.debug("event=group_chat_ended last={} dropped=true", LogText.escape(users.get(users.size() - 1)));
        }
    }

    /** The live group chat if this session is in it, else null. */
    private GroupChatDirectory.Chat chatOf(Mig33Session s, String id) {
        return chats.chatOf(id, s.account().username(), s).orElse(null);
    }

    private static Set<String> invitees(List<String> names) {
        Set<String> users = new LinkedHashSet<>();
        for (String u : names) {
            users.add(Usernames.normalize(u));
        }
        return users;
    }

    /**
     * The invited users who can join now; or null, once the inviter has been told why none can (one is not
     * a contact, or none is online and willing).
     */
    private Map<String, SessionHandle> joinable(Mig33Session s, Request r, Set<String> invited) {
        Optional<String> refused = refusal(s, invited);
        if (refused.isPresent()) {
            s.error(r, refused.get());
            return null;
        }
        Map<String, SessionHandle> online = reachable(s, invited);
        if (online.isEmpty()) {
            s.error(r, "None of the invited contacts is online");
            return null;
        }
        return online;
    }

    /** Why the inviter may not invite one of these users, if so. */
    private Optional<String> refusal(Mig33Session s, Set<String> invited) {
        String me = s.account().username();
        invited.remove(me);
        Set<String> contacts = new HashSet<>();
        for (Contact c : contactStore.contacts(s.account().id())) {
            contacts.add(c.username());
        }
        for (String u : invited) {
            if (!contacts.contains(u)) {
                return Optional.of(u + " is not on your contact list");
            }
        }
        return Optional.empty();
    }

    /**
     * The invited users who can join now: online and visible, and consenting to the inviter (they accepted
     * the inviter's contact request, or allow the inviter) and not blocking them. Anyone else is left out
     * exactly as one who is offline, so the inviter cannot tell the cases apart: an invisible user (presence
     * 99) stays invisible, and a pending or rejected request stays unanswered as far as the inviter knows.
     */
    private Map<String, SessionHandle> reachable(Mig33Session s, Set<String> users) {
        String inviter = s.account().username();
        Set<String> consenting = requestStore.visibleTo(s.account().id());
        Map<String, SessionHandle> online = new LinkedHashMap<>();
        for (String u : users) {
            if (blocklist.blocks(u, inviter)) {
                continue;
            }
            Optional<SessionHandle> h = registry.lookup(Mig33Context.SERVICE, u)
                    .filter(found -> !Integer.toString(Presence.OFFLINE).equals(found.attribute("presence")));
            if (h.isPresent() && (consenting.contains(u) || allows(u, s.account().id()))) {
                online.put(u, h.get());
            }
        }
        return online;
    }

    /** Whether {@code user} has the inviter on their allow list (their consent without a request). */
    private boolean allows(String user, int inviterId) {
        return accountStore.find(user)
                .map(a -> permissionStore.permission(a.id(), inviterId) == PermissionStore.ALLOW)
                .orElse(false);
    }

    /**
     * An invited session may have closed between its lookup and its tracking; its closing has then
     * already left its group chats, so it leaves this one here ({@code closed()} marks the state first).
     */
    private void dropIfClosed(GroupChatDirectory.Chat chat, Map<String, SessionHandle> added) {
        added.forEach((user, h) -> {
            if (h instanceof Mig33Session ms && ms.state() == Mig33Session.State.CLOSED) {
                leave(chat.id(), user, h);
            }
        });
    }

    private void push(String user, Delivery d) {
        bus.deliver(Mig33Context.SERVICE, user, d).exceptionally(e -> false);
    }

    private static Delivery invitedDelivery(GroupChatDirectory.Chat chat) {
        return new Push.GroupChatInvited(chat.id(), chat.creator(), chat.imType()).toDelivery();
    }

    private static Delivery statusDelivery(GroupChatDirectory.Chat chat, int status, String user) {
        return new Push.GroupChatStatus(chat.id(), status, user).toDelivery();
    }

}
