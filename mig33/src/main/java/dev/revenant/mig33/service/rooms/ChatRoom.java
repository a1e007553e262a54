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
import java.util.function.BiConsumer;

/**
 * One chat room as this node serves it: its description, and the sessions on this node that sit in it, to
 * which its lines are written. Who is in the room and its moderation are the {@link RoomRoster}'s; this is
 * the local fan-out, changed under the room's monitor, so that every participant here sees the room's lines
 * in one order; a line's fan-out reads a snapshot array and touches no database.
 *
 * <p>Lines travel on the room's topic: whoever speaks publishes once, and the bus hands the line to one
 * subscriber per node, this fan-out (with several nodes, this node's own at once and every other node's
 * through Redis, which never hands a node back its own). So each participant gets a line once, from their
 * own node. A node subscribes while it has participants of the room: the fan-out is made for the first and
 * closed after the last. A kick travels the same way ({@link Push.RoomKicked}, after the line that says so):
 * the kicked user's node stops writing to them at that point of the room's order, wherever the kick was made.
 */
final class ChatRoom {
    static final int MESSAGE_TYPE_MIG33 = 1;
    static final int DESTINATION_CHATROOM = 3;
    static final int CONTENT_TEXT = 1;

    private volatile ChatRoomInfo info;
    /**
     * Username → their session on this node, in joining order. Guarded by itself, not by the room's monitor,
     * which ChatRooms holds across calls to Redis: a kick heard on the bus's thread changes it too.
     */
    private final Map<String, Mig33Session> members = new LinkedHashMap<>();
    /** The members grouped by the thread that writes to them: a line costs one hand-off per group. */
    private volatile Map<Executor, Mig33Session[]> lanes = Map.of();
    /** A copy of the members, read without the monitor by a session that ends (is it here?). */
    private volatile Map<String, Mig33Session> seated = Map.of();
    private final MessageBus.Subscription subscription;
    /** Told of a session a kick took out here, to check it with the roster (off the bus's thread). */
    private final BiConsumer<ChatRoom, Mig33Session> kicked;
    /** Closed with its last member: a join that finds it so makes a new one. Guarded by this. */
    private boolean closed;

    ChatRoom(ChatRoomInfo info, MessageBus bus, BiConsumer<ChatRoom, Mig33Session> kicked) {
        this.info = info;
        this.kicked = kicked;
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
        synchronized (members) {
            members.put(user, s);
            snapshot();
        }
    }

    /**
     * {@code user}'s session no longer gets the room's lines, if it is {@code s} (null: whichever it is);
     * false if no such session of theirs was here.
     */
    boolean unseat(String user, SessionHandle s) {
        synchronized (members) {
            Mig33Session here = members.get(user);
            if (here == null || (s != null && here != s)) {
                return false;
            }
            members.remove(user);
            snapshot();
            return true;
        }
    }

    boolean isEmpty() {
        synchronized (members) {
            return members.isEmpty();
        }
    }

    boolean closed() {
        return closed;
    }

    /** Who this fan-out writes to now (username → session), in joining order; without the monitor. */
    Map<String, Mig33Session> members() {
        return seated;
    }

    /** Whether this fan-out writes the room's lines to {@code s}; without the monitor. */
    boolean reaches(Mig33Session s) {
        String user = s.user();
        return user != null && seated.get(user) == s;
    }

    /** Callers hold {@code members}. */
    private void snapshot() {
        seated = Map.copyOf(members);
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

    /** A line from the room itself ({@code name}) to everyone in it, from a node that need not serve it. */
    static void announce(MessageBus bus, String key, String name, String text) {
        bus.publish(topic(key), new Push.RoomLine(name, name, text, null, null, 0).toDelivery());
    }

    /** A room line (source: the room itself) as its participants receive it. */
    static Packet line(String room, String text) {
        return ServerPackets.message(new ServerPackets.IncomingMessage(MESSAGE_TYPE_MIG33, room,
                DESTINATION_CHATROOM, room, CONTENT_TEXT, text, null, 0));
    }

    /** Says on the room's topic that {@code user} was kicked out: after the line that told the room so. */
    void publishKick(MessageBus bus, String user) {
        bus.publish(topic(info.key()), new Push.RoomKicked(info.key(), user).toDelivery());
    }

    private void deliver(Delivery d) {
        Push push = Pushes.fromDelivery(d);
        if (push instanceof Push.RoomKicked kick) {
            // the lines after this reach the kicked user no more; whether they came back meanwhile is the
            // roster's to say, asked off this thread
            Mig33Session out = take(kick.user());
            if (out != null) {
                kicked.accept(this, out);
            }
            return;
        }
        if (!(push instanceof Push.RoomLine line)) {
            return;
        }
        Packet packet = ServerPackets.message(new ServerPackets.IncomingMessage(MESSAGE_TYPE_MIG33, line.source(),
                DESTINATION_CHATROOM, line.room(), CONTENT_TEXT, line.text(), line.guid(), line.timestamp()));
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

    private Mig33Session take(String user) {
        synchronized (members) {
            Mig33Session out = members.remove(user);
            if (out != null) {
                snapshot();
            }
            return out;
        }
    }

    /** This node no longer serves the room: it stops hearing its lines. Callers hold the monitor. */
    void close() {
        closed = true;
        subscription.close();
    }
}
