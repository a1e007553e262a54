package dev.revenant.mig33.service.rooms;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.session.Delivery;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.push.Pushes;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.store.ChatRoomInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The live side of one chat room on this node: who is in it, who is muted, the open kick votes and the
 * recent kicks. It is memory only, like sessions; the room's description and its durable bans live in
 * the store. Changes happen under the room's monitor, so that every participant sees the room's lines in
 * one order; a line's fan-out reads a snapshot array and touches no database.
 */
final class ChatRoom {
    static final int MESSAGE_TYPE_MIG33 = 1;
    static final int DESTINATION_CHATROOM = 3;
    static final int CONTENT_TEXT = 1;

    private volatile ChatRoomInfo info;
    /** Username → session, in joining order (the participants list keeps it). Guarded by this. */
    private final Map<String, Mig33Session> members = new LinkedHashMap<>();
    /** What a line is written to; replaced on every join and leave so the fan-out needs no lock. */
    private volatile Mig33Session[] fanOut = new Mig33Session[0];
    /** The members grouped by the thread that writes to them: a line costs one hand-off per group. */
    private volatile Map<Executor, Mig33Session[]> lanes = Map.of();
    private final Set<String> muted = new HashSet<>();
    /** Target → who voted to kick them. */
    private final Map<String, Set<String>> kickVotes = new HashMap<>();
    /** Username → banned until (ms); a copy of the store's bans made here, so a rejoin race cannot slip by. */
    private final Map<String, Long> kicked = new HashMap<>();
    private final MessageBus.Subscription subscription;

    ChatRoom(ChatRoomInfo info, MessageBus bus) {
        this.info = info;
        // one subscription per room and node: a line arriving from the bus becomes one packet here, written
        // to every local participant
        this.subscription = bus.subscribe(topic(info.key()), this::deliver);
    }

    static String topic(String key) {
        return "mig33.room." + key;
    }

    ChatRoomInfo info() {
        return info;
    }

    void refresh(ChatRoomInfo fresh) {
        info = fresh;
    }

    int size() {
        return fanOut.length;
    }

    // ---- membership; callers hold the monitor ----

    boolean contains(String user) {
        return members.containsKey(user);
    }

    Mig33Session member(String user) {
        return members.get(user);
    }

    int memberCount() {
        return members.size();
    }

    void add(String user, Mig33Session s) {
        members.put(user, s);
        snapshot();
    }

    /** Removes the user if {@code s} is (still) their session here; a newer session of theirs stays. */
    boolean remove(String user, Mig33Session s) {
        if (s != null && members.get(user) != s) {
            return false;
        }
        members.remove(user);
        // a voter who left no longer counts, and votes against the leaver are void
        kickVotes.remove(user);
        kickVotes.values().forEach(v -> v.remove(user));
        snapshot();
        return true;
    }

    private void snapshot() {
        fanOut = members.values().toArray(new Mig33Session[0]);
        Map<Executor, List<Mig33Session>> grouped = new HashMap<>();
        List<Mig33Session> laneless = new ArrayList<>();
        for (Mig33Session s : fanOut) {
            Executor lane = s.connection().lane();
            if (lane == null) {
                laneless.add(s);
            } else {
                grouped.computeIfAbsent(lane, l -> new ArrayList<>()).add(s);
            }
        }
        Map<Executor, Mig33Session[]> made = new HashMap<>();
        grouped.forEach((lane, list) -> made.put(lane, list.toArray(new Mig33Session[0])));
        if (!laneless.isEmpty()) {
            made.put(Runnable::run, laneless.toArray(new Mig33Session[0]));
        }
        lanes = made;
    }

    List<String> participants() {
        return new ArrayList<>(members.keySet());
    }

    boolean isMuted(String user) {
        return muted.contains(user);
    }

    boolean mute(String user) {
        return muted.add(user);
    }

    boolean unmute(String user) {
        return muted.remove(user);
    }

    /** Records a vote; returns the number of votes against {@code target}, or -1 when this voter voted already. */
    int vote(String voter, String target) {
        Set<String> votes = kickVotes.computeIfAbsent(target, t -> new HashSet<>());
        return votes.add(voter) ? votes.size() : -1;
    }

    /** Votes a kick needs: more than half of the participants other than the target. */
    int votesNeeded() {
        return (members.size() - 1) / 2 + 1;
    }

    void kicked(String user, long until) {
        kicked.put(user, until);
    }

    long kickedUntil(String user) {
        return kicked.getOrDefault(user, 0L);
    }

    // ---- lines ----

    /** Publishes a line to the room's topic; {@code except} (a username, or null) does not get it. */
    void publish(MessageBus bus, String source, String text, String except, String guid, long timestamp) {
        bus.publish(topic(info.key()), new Push.RoomLine(info.name(), source, text, except, guid, timestamp).toDelivery());
    }

    /** A room line (source: the room itself) as its participants receive it. */
    static Packet line(String room, String text) {
        return ServerPackets.message(new ServerPackets.IncomingMessage(MESSAGE_TYPE_MIG33, room,
                DESTINATION_CHATROOM, room, CONTENT_TEXT, text, null, 0));
    }

    private void deliver(Delivery d) {
        if (!(Pushes.fromDelivery(d) instanceof Push.RoomLine line)) {
            return;
        }
        Packet packet = ServerPackets.message(new ServerPackets.IncomingMessage(MESSAGE_TYPE_MIG33, line.source(),
                DESTINATION_CHATROOM, line.room(), CONTENT_TEXT, line.text(), line.guid(), line.timestamp())).encodedOnce();
        String except = line.except();
        lanes.forEach((lane, group) -> lane.execute(() -> {
            for (Mig33Session s : group) {
                // a user's line does not reach whoever blocks that user
                if ((except == null || !except.equals(s.user())) && (!line.fromUser() || !s.blocks(line.source()))) {
                    s.connection().pushFromLane(packet);
                }
            }
        }));
    }

    void close() {
        subscription.close();
    }
}
