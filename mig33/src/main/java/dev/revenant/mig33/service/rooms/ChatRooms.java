package dev.revenant.mig33.service.rooms;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.MessageText;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.ShownText;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.ChatRoomInfo;
import dev.revenant.mig33.store.ChatRoomStore;
import dev.revenant.mig33.store.NewChatRoom;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat rooms (spec §6): lists, search and categories, joining and leaving, room lines, and moderation
 * by majority vote (the original's rule), by the owner and administrators, and by muting. Rooms, favourites
 * and bans are durable; who is in which room is the {@link RoomRoster}'s live state, which several nodes
 * share; each node writes a room's lines to its own participants ({@link ChatRoom}).
 */
public final class ChatRooms {
    private static final Logger log = LoggerFactory.getLogger(ChatRooms.class);

    /**
     * The categories of GET_CHATROOM_CATEGORIES. A stored room is in {@link #OFFICIAL} (an operator made it)
     * or {@link #USER_ROOMS} (a user did); favourites and popular are views of the user and of the moment.
     */
    static final int FAVOURITES = 1;
    static final int POPULAR = 2;
    static final int OFFICIAL = 3;
    static final int USER_ROOMS = 4;

    /** The first version whose JOIN_CHATROOM answer is a CHATROOM describing the room (spec §6). */
    static final int ROOM_ANSWER_VERSION = 440;
    private static final int MAX_DESCRIPTION = 256;
    private static final int MAX_KEYWORDS = 256;
    private static final int MAX_LANGUAGE = 16;

    private final Mig33Config config;
    private final ChatRoomStore roomStore;
    private final MessageBus bus;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Who is in which room, who is muted, the open kick votes and recent kicks. */
    private final RoomRoster roster;
    private final Executor work;
    /** Room key → the room as this node serves it (its fan-out), while this node has participants in it. */
    private final ConcurrentHashMap<String, ChatRoom> live = new ConcurrentHashMap<>();

    /**
     * @param work where a kick heard from the bus is checked with the roster (never the bus's own thread)
     */
    public ChatRooms(Mig33Config config, ChatRoomStore roomStore, MessageBus bus, Clock clock, MeterRegistry meters,
                     RoomRoster roster, Executor work) {
        this.config = config;
        this.roomStore = roomStore;
        this.bus = bus;
        this.clock = clock;
        this.meters = meters;
        this.roster = roster;
        this.work = work;
        // a seat whose session ended without leaving (its node died) is emptied by the roster: the room hears it
        roster.onVacated(this::vacated);
        roster.whenLost(this::reseat);
    }

    /** Registers the chat rooms' handlers (packets 700–717, and MESSAGE to a room). */
    public void register(Dispatch d) {
        d.loggedIn(Request.GetChatrooms.class, this::list);
        d.loggedIn(Request.JoinChatroom.class, this::join);
        d.loggedIn(Request.LeaveChatroom.class, this::leave);
        d.loggedIn(Request.CreateChatroom.class, this::create);
        d.loggedIn(Request.KickChatroomParticipant.class, this::kick);
        d.loggedIn(Request.GetChatroomParticipants.class, this::participants);
        d.loggedIn(Request.MuteChatroomParticipant.class, (s, req) -> mute(s, req, req.chatroomName(), req.username(), true));
        d.loggedIn(Request.UnmuteChatroomParticipant.class,
                (s, req) -> mute(s, req, req.chatroomName(), req.username(), false));
        d.loggedIn(Request.AddFavoriteChatroom.class, this::addFavourite);
        d.loggedIn(Request.RemoveFavoriteChatroom.class, this::removeFavourite);
        d.loggedIn(Request.GetChatroomCategories.class, this::categories);
        d.loggedIn(Request.GetCategorizedChatrooms.class, this::categorized);
        d.loggedIn(Request.RoomMessage.class, this::message);
        d.onClose(this::leaveAll);
    }

    /** How many users are in {@code room} now. */
    public int present(ChatRoomInfo room) {
        return roster.size(room.key());
    }

    // ---- lists ----

    private void list(Mig33Session s, Request.GetChatrooms req) {
        int perPage = config.roomsPerPage();
        String names = req.chatroomNames();
        if (names != null && !names.isBlank()) {
            // the client refreshes rooms it shows: answer exactly those that exist
            int n = 0;
            for (String name : names.split(";")) {
                if (!name.isBlank() && n < perPage && ChatRoomNames.lookupable(name.trim())) {
                    Optional<ChatRoomInfo> r = roomStore.find(name);
                    if (r.isPresent()) {
                        s.send(entry(req.txn(), r.get()));
                        n++;
                    }
                }
            }
            s.send(ServerPackets.chatRoomsComplete(req.txn(), 1, n + (n == 1 ? " room" : " rooms")));
            return;
        }
        String search = req.searchString().trim();
        int total = ChatRoomNames.lookupable(search) ? roomStore.count(search) : 0;
        int pages = Math.max(1, (total + perPage - 1) / perPage);
        // pages count from 1; 0 (or absent) is the first page, and the field is one byte on the wire
        int page = Math.min(Math.max(1, req.page()), Math.min(pages, 255));
        if (total > 0) {
            for (ChatRoomInfo r : roomStore.search(search, (page - 1) * perPage, perPage)) {
                s.send(entry(req.txn(), r));
            }
        }
        String info = total == 0
                ? (search.isEmpty() ? "There are no chat rooms yet" : "No chat room matches your search")
                : (search.isEmpty() ? total + (total == 1 ? " room" : " rooms")
                        : total + (total == 1 ? " room matches" : " rooms match") + " \"" + search + "\"")
                        + ", page " + page + " of " + pages;
        s.send(ServerPackets.chatRoomsComplete(req.txn(), Math.min(pages, 255), info));
    }

    private void categories(Mig33Session s, Request.GetChatroomCategories req) {
        s.send(ServerPackets.chatRoomCategory(req.txn(), FAVOURITES, "Favourites", false, true));
        s.send(ServerPackets.chatRoomCategory(req.txn(), POPULAR, "Popular now", false, false));
        s.send(ServerPackets.chatRoomCategory(req.txn(), OFFICIAL, "Official rooms", true, false));
        s.send(ServerPackets.chatRoomCategory(req.txn(), USER_ROOMS, "User rooms", true, false));
        s.send(ServerPackets.chatRoomCategoriesComplete(req.txn()));
    }

    private void categorized(Mig33Session s, Request.GetCategorizedChatrooms req) {
        int category = req.category();
        int limit = config.roomsPerPage();
        List<ChatRoomInfo> rooms;
        String footer;
        switch (category) {
            case FAVOURITES -> {
                rooms = roomStore.favourites(s.account().id());
                footer = rooms.isEmpty() ? "No favourites yet: add a room you like" : rooms.size() + " favourite rooms";
            }
            case POPULAR -> {
                // the roster counts every node's participants, busiest first
                List<ChatRoomInfo> busy = new ArrayList<>();
                for (String key : roster.busiest(limit)) {
                    ChatRoom here = live.get(key);
                    Optional<ChatRoomInfo> info = here != null ? Optional.of(here.info()) : roomStore.find(key);
                    info.ifPresent(busy::add);
                }
                rooms = busy;
                footer = rooms.isEmpty() ? "Nobody is chatting right now" : "The busiest rooms right now";
            }
            case OFFICIAL, USER_ROOMS -> {
                rooms = roomStore.inCategory(category, limit);
                footer = rooms.isEmpty() ? "No rooms here yet" : "Search to find more rooms";
            }
            default -> {
                s.error(req, "Unknown room category " + category);
                return;
            }
        }
        // each room says the category it is listed under: the clients file a room by its field 6 (as the
        // original did, a busy official room in "Popular now" says 2, not 3)
        for (ChatRoomInfo r : rooms) {
            s.send(entry(req.txn(), r, category));
        }
        s.send(ServerPackets.categorizedChatRoomsComplete(req.txn(), footer));
    }

    private Packet entry(int txn, ChatRoomInfo r) {
        return entry(txn, r, r.category());
    }

    private Packet entry(int txn, ChatRoomInfo r, int listedUnder) {
        return ServerPackets.chatRoom(txn, new ServerPackets.ChatRoomEntry(r.name(), r.description(), r.capacity(),
                present(r), r.adult(), listedUnder, r.userOwned(), r.id(), r.owner()));
    }

    // ---- favourites ----

    private void addFavourite(Mig33Session s, Request.AddFavoriteChatroom req) {
        Optional<ChatRoomInfo> r = room(s, req, req.chatroomName());
        if (r.isEmpty()) {
            return;
        }
        int user = s.account().id();
        if (roomStore.countFavourites(user) >= config.maxFavouriteRooms()) {
            s.error(req, "You can have at most " + config.maxFavouriteRooms() + " favourite rooms");
            return;
        }
        roomStore.addFavourite(user, r.get().id());
        s.send(ServerPackets.ok(req.txn(), r.get().name() + " is one of your favourite rooms"));
    }

    private void removeFavourite(Mig33Session s, Request.RemoveFavoriteChatroom req) {
        Optional<ChatRoomInfo> r = room(s, req, req.chatroomName());
        if (r.isEmpty()) {
            return;
        }
        if (!roomStore.removeFavourite(s.account().id(), r.get().id())) {
            s.error(req, r.get().name() + " is not one of your favourite rooms");
            return;
        }
        s.send(ServerPackets.ok(req.txn(), r.get().name() + " removed from your favourite rooms"));
    }

    // ---- creating ----

    private void create(Mig33Session s, Request.CreateChatroom req) {
        int max = config.maxRoomsPerUser();
        if (max == 0) {
            s.error(req, "Only the operators create chat rooms on this server");
            return;
        }
        String name = req.chatroomName().trim();
        String problem = ChatRoomNames.problem(name);
        // others see them: without control or bidi-control characters
        String description = ShownText.line(req.description()).trim();
        String keywords = ShownText.line(req.keywords()).trim();
        String language = req.language().trim();
        if (problem == null && (description.length() > MAX_DESCRIPTION || keywords.length() > MAX_KEYWORDS
                || language.length() > MAX_LANGUAGE)) {
            problem = "Description and keywords take at most " + MAX_DESCRIPTION + " characters, the language "
                    + MAX_LANGUAGE;
        }
        if (problem == null && !(description + keywords + language).chars().noneMatch(Character::isISOControl)) {
            problem = "Description, keywords and language must be plain text";
        }
        if (problem != null) {
            s.error(req, problem);
            return;
        }
        int owner = s.account().id();
        if (roomStore.countOwnedBy(owner) >= max) {
            s.error(req, "You can create at most " + max + (max == 1 ? " chat room" : " chat rooms"));
            return;
        }
        boolean allowKicking = req.allowKicking();
        Optional<ChatRoomInfo> made = roomStore.create(new NewChatRoom(name, description, USER_ROOMS,
                config.roomCapacity(), owner, language, false, allowKicking, keywords));
        if (made.isEmpty()) {
            s.error(req, "There is a chat room called " + name + " already");
            return;
        }
        log.info("event=room_created room=\"{}\" owner={}", LogText.escape(name), LogText.escape(s.user()));
        s.send(ServerPackets.ok(req.txn(), "Chat room " + name + " created"));
    }

    // ---- joining and leaving ----

    private void join(Mig33Session s, Request.JoinChatroom req) {
        Optional<ChatRoomInfo> found = room(s, req, req.chatroomName());
        if (found.isEmpty()) {
            return;
        }
        ChatRoomInfo info = found.get();
        String me = s.user();
        long now = clock.millis();
        long bannedUntil = roomStore.bannedUntil(info.id(), me);
        if (info.userOwned() && !config.roomExpiry().isZero()) {
            roomStore.used(info.id(), now); // a user's room unused for mig33.roomExpiry is deleted
        }
        Set<String> mine = roster.roomsOf(s);
        int max = config.maxJoinedRooms();
        if (mine.size() >= max && !mine.contains(info.key())) {
            s.error(req, "You are in " + max + " chat rooms already: leave one first");
            return;
        }
        while (true) {
            // the fan-out subscribes to the room's lines before the roster seats: nothing said after is missed
            ChatRoom room = live.computeIfAbsent(info.key(), k -> new ChatRoom(info, bus, this::kickedHere));
            synchronized (room) {
                if (!room.closed()) {
                    try {
                        if (seat(s, req, info, room, now, bannedUntil)) {
                            meters.counter("revenant.mig33.room_joins").increment();
                        }
                    } finally {
                        closeIfEmpty(room); // refused, or the roster failed: nobody of this node in it
                    }
                    return;
                }
            }
            live.remove(info.key(), room); // its last participant here left meanwhile: make it again
        }
    }

    /** Seats {@code s} in {@code room}, or tells it why not; true if seated. Callers hold the room's monitor. */
    private boolean seat(Mig33Session s, Request.JoinChatroom req, ChatRoomInfo info, ChatRoom room, long now,
                         long bannedUntil) {
        String me = s.user();
        room.refresh(info);
        RoomRoster.Joined joined = roster.join(info.key(), me, s, info.capacity(), bannedUntil, now);
        if (joined instanceof RoomRoster.Banned banned) {
            s.error(req, "You were kicked out of " + info.name() + ". You may return in "
                    + minutes(banned.until() - now) + ".");
            return false;
        }
        if (joined instanceof RoomRoster.Full) {
            s.error(req, "The chat room " + info.name() + " is full (" + info.capacity() + " people)");
            return false;
        }
        boolean again = ((RoomRoster.Seated) joined).again();
        room.seat(me, s);
        if (s.clientVersion() >= ROOM_ANSWER_VERSION) {
            s.send(entry(req.txn(), info));
        } else {
            s.send(ServerPackets.ok(req.txn(), "You have joined " + info.name()));
        }
        s.connection().push(ChatRoom.line(info.name(), String.format(config.roomWelcomeMessage(), info.name())));
        if (!again) {
            announce(room, me + " has entered");
        }
        return true;
    }

    private void leave(Mig33Session s, Request.LeaveChatroom req) {
        String name = req.chatroomName();
        ChatRoom room = live.get(ChatRoomInfo.key(name));
        if (room == null || !leave(s, room)) {
            s.error(req, "You are not in the chat room " + name.trim());
            return;
        }
        s.send(ServerPackets.ok(req.txn(), "You have left " + room.info().name()));
    }

    /**
     * Takes {@code s} out of the room; false if the roster did not seat it there (then it no longer gets the
     * room's lines here either: a kick or a takeover on another node took its seat).
     */
    private boolean leave(Mig33Session s, ChatRoom room) {
        String me = s.user();
        synchronized (room) {
            // this node's fan-out first: should the roster fail, the ended session still gets no more lines
            room.unseat(me, s);
            try {
                if (!roster.leave(room.key(), me, s)) {
                    return false;
                }
                announce(room, me + " has left");
            } finally {
                closeIfEmpty(room);
            }
        }
        return true;
    }

    /** After the last participant on this node: it stops hearing the room. Callers hold the room's monitor. */
    private void closeIfEmpty(ChatRoom room) {
        if (room.isEmpty() && !room.closed()) {
            room.close();
            live.remove(room.key(), room);
        }
    }

    /**
     * Deletes the rooms users made that nobody joined for {@code mig33.roomExpiry} as of {@code now}; a room
     * with someone in it is kept (and counts as used now). Returns how many were deleted.
     */
    public int expire(long now) {
        if (config.roomExpiry().isZero()) {
            return 0;
        }
        int gone = 0;
        for (String name : roomStore.userRoomsUnusedSince(now - config.roomExpiry().toMillis())) {
            String key = ChatRoomInfo.key(name);
            ChatRoom room = live.get(key);
            // the roster counts the participants on every node, not only this one's
            if (room != null) {
                synchronized (room) {
                    // someone here counts even if the roster lost them (a Redis that restarted empty)
                    if (occupied(key, !room.isEmpty(), now)) {
                        continue;
                    }
                    room.close();
                    live.remove(key, room);
                    roster.forget(key);
                }
            } else if (occupied(key, false, now)) {
                continue;
            } else {
                roster.forget(key);
            }
            if (roomStore.delete(name)) {
                gone++;
                log.info("event=room_expired room=\"{}\"", LogText.escape(name));
            }
        }
        return gone;
    }

    /** Whether someone is in the room ({@code here}: on this node); if so it counts as used now. */
    private boolean occupied(String key, boolean here, long now) {
        if (!here && roster.size(key) == 0) {
            return false;
        }
        roomStore.find(key).ifPresent(r -> roomStore.used(r.id(), now));
        return true;
    }

    /**
     * The session has ended (logout, lost connection, takeover): it leaves every room the roster seats it in,
     * and this node stops writing to it the lines of any room it still got them from (one whose seat a
     * takeover on another node took).
     */
    void leaveAll(Mig33Session s) {
        if (s.user() == null) {
            return;
        }
        Set<String> keys = new HashSet<>();
        live.forEach((key, room) -> {
            if (room.reaches(s)) {
                keys.add(key);
            }
        });
        keys.addAll(roster.roomsOf(s));
        for (String key : keys) {
            ChatRoom room = live.get(key);
            if (room != null) {
                leave(s, room);
            } else {
                roster.leave(key, s.user(), s);
            }
        }
    }

    /**
     * The roster may have lost its seats (Redis restarted): this node's participants, still in their rooms here,
     * are seated again, whatever the room's capacity (they had their seats), and nobody is told they entered.
     * Throws {@link dev.revenant.core.store.StoreUnavailableException} while the roster cannot be reached.
     */
    void reseat() {
        long now = clock.millis();
        live.forEach((key, room) -> {
            synchronized (room) {
                if (!room.closed()) {
                    room.members().forEach((user, s) -> roster.join(key, user, s, Integer.MAX_VALUE, 0, now));
                }
            }
        });
    }

    /** A seat the roster emptied because its session no longer exists: the room hears that its user left. */
    private void vacated(String key, String user) {
        ChatRoom here = live.get(key);
        String name = here != null ? here.info().name() : roomStore.find(key).map(ChatRoomInfo::name).orElse(null);
        if (name != null) {
            ChatRoom.announce(bus, key, name, user + " has left");
        }
    }

    /**
     * A kick heard on the room's topic took {@code s} out of this node's fan-out: unless the roster seats it
     * again (it came back meanwhile, where no ban keeps a kicked user out), it stays out, and the room closes
     * here if it was the last.
     */
    private void kickedHere(ChatRoom room, Mig33Session s) {
        work.execute(() -> {
            synchronized (room) {
                if (room.closed()) {
                    return;
                }
                if (roster.seated(room.key(), s.user(), s)) {
                    room.seat(s.user(), s);
                } else {
                    closeIfEmpty(room);
                }
            }
        });
    }

    // ---- lines ----

    private void message(Mig33Session s, Request.RoomMessage req) {
        if (req.contentType() != ChatRoom.CONTENT_TEXT) {
            s.error(req, "Only text can be sent to a chat room");
            return;
        }
        String text = MessageText.accepted(s, req, req.text(), config.maxMessageLength());
        if (text == null) {
            return;
        }
        String name = req.chatroomName();
        ChatRoom room = live.get(ChatRoomInfo.key(name));
        String me = s.user();
        String guid = guid();
        long now = clock.millis();
        if (room == null) {
            s.error(req, "You are not in the chat room " + name.trim());
            return;
        }
        synchronized (room) {
            if (!roster.seated(room.key(), me, s)) {
                s.error(req, "You are not in the chat room " + room.info().name());
                return;
            }
            if (roster.muted(room.key(), me)) {
                s.error(req, "You are muted in " + room.info().name());
                return;
            }
            // the OK first: the sender's client shows its own line when the server took it
            s.send(ServerPackets.messageAccepted(req.txn(), guid, now));
            room.publish(bus, me, text, me, guid, now);
        }
        meters.counter("revenant.mig33.messages", "path", "room").increment();
    }

    /** A line from the room itself, to everyone in it. Callers hold the room's monitor. */
    private void announce(ChatRoom room, String text) {
        room.publish(bus, room.info().name(), text, null, null, 0);
    }

    // ---- participants and moderation ----

    private void participants(Mig33Session s, Request.GetChatroomParticipants req) {
        String name = req.chatroomName();
        ChatRoom room = live.get(ChatRoomInfo.key(name));
        if (room == null) {
            s.error(req, "You are not in the chat room " + name.trim());
            return;
        }
        Packet answer;
        synchronized (room) {
            if (!roster.seated(room.key(), s.user(), s)) {
                s.error(req, "You are not in the chat room " + room.info().name());
                return;
            }
            StringBuilder all = new StringBuilder();
            StringBuilder admins = new StringBuilder();
            StringBuilder muted = new StringBuilder();
            for (RoomRoster.Participant p : roster.participants(room.key())) {
                String u = p.user();
                all.append(u).append(';');
                if (room.info().moderator(u)) {
                    admins.append(u).append(';');
                }
                if (p.muted()) {
                    muted.append(u).append(';');
                }
            }
            answer = ServerPackets.chatRoomParticipants(req.txn(), room.info().name(), all.toString(), admins.toString(),
                    muted.toString());
        }
        s.send(answer);
    }

    private void kick(Mig33Session s, Request.KickChatroomParticipant req) {
        ChatRoom room = memberRoom(s, req, req.chatroomName());
        if (room == null) {
            return;
        }
        String me = s.user();
        String target = Usernames.normalize(req.username());
        long until = 0;
        synchronized (room) {
            ChatRoomInfo info = room.info();
            if (!roster.contains(room.key(), target)) {
                s.error(req, target + " is not in " + info.name());
                return;
            }
            if (target.equals(me)) {
                s.error(req, "Leave the room instead of kicking yourself");
                return;
            }
            boolean moderator = info.moderator(me);
            if (info.moderator(target) && !me.equals(info.owner())) {
                s.error(req, target + " is an administrator of " + info.name() + " and cannot be kicked");
                return;
            }
            if (!moderator && !info.allowKicking()) {
                s.error(req, "Kicking is not allowed in " + info.name());
                return;
            }
            if (!moderator) {
                RoomRoster.Vote vote = roster.vote(room.key(), me, target);
                if (vote == null) {
                    s.error(req, "You have voted to kick " + target + " already");
                    return;
                }
                s.send(ServerPackets.ok(req.txn(), "Your vote to kick " + target + " has been counted"));
                if (!vote.carries()) {
                    announce(room, me + " has voted to kick " + target + " (" + vote.votes() + " of " + vote.needed()
                            + " votes)");
                    return;
                }
            } else {
                s.send(ServerPackets.ok(req.txn(), target + " has been kicked out of " + info.name()));
            }
            until = clock.millis() + config.roomKickBan().toMillis();
            roster.kick(room.key(), target, until);
            // the target hears the line, then the kick on the same topic takes them out of the fan-out of their
            // node, this one or another, so no later line reaches them
            announce(room, target + " has been kicked out of the room by " + (moderator ? me : "vote"));
            room.publishKick(bus, target);
        }
        // durable after the room's monitor: the in-memory copy already refuses a rejoin meanwhile
        roomStore.ban(room.info().id(), target, until);
        log.info("event=room_kick room=\"{}\" user={} by={}", LogText.escape(room.info().name()), LogText.escape(target),
                LogText.escape(me));
    }

    private void mute(Mig33Session s, Request req, String chatroomName, String username, boolean mute) {
        ChatRoom room = memberRoom(s, req, chatroomName);
        if (room == null) {
            return;
        }
        String me = s.user();
        String target = Usernames.normalize(username);
        synchronized (room) {
            ChatRoomInfo info = room.info();
            if (!info.moderator(me)) {
                s.error(req, "Only the owner and administrators of " + info.name() + " can "
                        + (mute ? "mute" : "unmute") + " people");
                return;
            }
            if (!roster.contains(room.key(), target)) {
                s.error(req, target + " is not in " + info.name());
                return;
            }
            if (mute) {
                if (info.moderator(target)) {
                    s.error(req, target + " is an administrator of " + info.name() + " and cannot be muted");
                    return;
                }
                roster.mute(room.key(), target, true);
                s.send(ServerPackets.ok(req.txn(), target + " is muted"));
                announce(room, target + " has been muted by " + me);
            } else {
                if (!roster.mute(room.key(), target, false)) {
                    s.error(req, target + " is not muted");
                    return;
                }
                s.send(ServerPackets.ok(req.txn(), target + " may speak again"));
                announce(room, target + " may speak again");
            }
        }
    }

    // ---- helpers ----

    /** The live room named so if the sender is in it; else answers ERROR and returns null. */
    private ChatRoom memberRoom(Mig33Session s, Request req, String name) {
        ChatRoom room = live.get(ChatRoomInfo.key(name));
        if (room == null || !roster.seated(room.key(), s.user(), s)) {
            s.error(req, "You are not in the chat room " + name.trim());
            return null;
        }
        return room;
    }

    /** The stored room named so; else answers ERROR and returns empty. */
    private Optional<ChatRoomInfo> room(Mig33Session s, Request req, String chatroomName) {
        String name = chatroomName.trim();
        Optional<ChatRoomInfo> r = name.isEmpty() || !ChatRoomNames.lookupable(name) ? Optional.empty()
                : roomStore.find(name);
        if (r.isEmpty()) {
            s.error(req, name.isEmpty() ? "Which chat room?" : "There is no chat room called " + name);
        }
        return r;
    }

    /**
     * A version-4 GUID for a room line. A GUID names a message, it guards nothing, so it comes from the
     * thread's own generator rather than the shared SecureRandom that UUID.randomUUID() locks on every line.
     */
    private static String guid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static String minutes(long millis) {
        long m = (millis + 59_999) / 60_000;
        return m == 1 ? "1 minute" : m + " minutes";
    }

}
