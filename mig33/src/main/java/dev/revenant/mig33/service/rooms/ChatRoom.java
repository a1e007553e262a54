package dev.revenant.mig33.service.rooms;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.push.Pushes;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.store.ChatRoomInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One chat room as this node serves it: its description, and the sessions on this node that sit in it, to
 * which its lines are written. Who is in the room and its moderation are the {@link RoomRoster}'s; this is
 * the local fan-out, changed under the room's monitor, so that every participant here sees the room's lines
 * in one order; a line's fan-out reads a snapshot array and touches no database.
 */
final class ChatRoom {
    static final int MESSAGE_TYPE_MIG33 = 1;
    static final int DESTINATION_CHATROOM = 3;
    static final int CONTENT_TEXT = 1;

    private volatile ChatRoomInfo info;
    /** Username → their session on this node, in joining order. Guarded by this. */
    private final Map<String, Mig33Session> members = new LinkedHashMap<>();
    /** The members grouped by the thread that writes to them: a line costs one hand-off per group. */
    private volatile Map<Executor, Mig33Session[]> lanes = Map.of();
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

    String key() {
        return info.key();
    }

    void refresh(ChatRoomInfo fresh) {
        info = fresh;
    }

    // ---- the local fan-out; callers hold the monitor ----

    /** {@code s} now gets the room's lines, in place of any earlier session of the same user. */
    void seat(String user, Mig33Session s) {
        members.put(user, s);
        snapshot();
    }

    /** {@code user}'s session no longer gets the room's lines, if it is {@code s} (null: whichever it is). */
    void unseat(String user, SessionHandle s) {
        if (s == null || members.get(user) == s) {
            members.remove(user);
            snapshot();
        }
    }

    private void snapshot() {
        Map<Executor, List<Mig33Session>> grouped = new HashMap<>();
        List<Mig33Session> laneless = new ArrayList<>();
        for (Mig33Session s : members.values()) {
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
