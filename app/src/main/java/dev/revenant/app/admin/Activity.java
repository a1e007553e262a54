package dev.revenant.app.admin;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.push.Pushes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the console's dashboard shows over time: users online (a sample every {@link #EVERY}, a day of
 * them kept), logins, failed logins and messages per second (from the counters /metrics shows), and the
 * busiest rooms (lines said in each room over the last hour, heard on the rooms' bus topics).
 */
public final class Activity implements AutoCloseable {
    /** How often a sample is taken. */
    public static final Duration EVERY = Duration.ofMinutes(1);
    /** A day of samples. */
    public static final int KEPT = (int) (Duration.ofDays(1).toMillis() / EVERY.toMillis());
    /** Minutes of room lines that count for "busiest". */
    static final int ROOM_WINDOW = 60;

    /** One sample: when (ms), users online, and the counters' totals then. */
    public record Sample(long at, int online, double logins, double failedLogins, double messages) {}

    private final SessionRegistry registry;
    private final MeterRegistry meters;
    private final MessageBus bus;
    private final Clock clock;
    /** The stored rooms' keys, asked for at each sample (rooms come and go). */
    private final Supplier<List<String>> roomKeys;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<String, MessageBus.Subscription> listening = new ConcurrentHashMap<>();
    private volatile Map<String, LongAdder> thisMinute = new ConcurrentHashMap<>();
    private final Deque<Map<String, LongAdder>> lastMinutes = new ArrayDeque<>();

    public Activity(SessionRegistry registry, MeterRegistry meters, MessageBus bus, Clock clock,
            Supplier<List<String>> roomKeys) {
        this.registry = registry;
        this.meters = meters;
        this.bus = bus;
        this.clock = clock;
        this.roomKeys = roomKeys;
    }

    /** Takes a sample now; the server calls this every {@link #EVERY}. */
    public void sample() {
        Sample s = now();
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > KEPT) {
                samples.removeFirst();
            }
            lastMinutes.addLast(thisMinute);
            thisMinute = new ConcurrentHashMap<>();
            while (lastMinutes.size() > ROOM_WINDOW) {
                lastMinutes.removeFirst();
            }
        }
        listenToRooms();
    }

    /** Follows the lines of every stored room (a room's topic is the gateway's, see ChatRoom.topic). */
    public void listenToRooms() {
        Set<String> keys = Set.copyOf(roomKeys.get());
        for (String key : keys) {
            listening.computeIfAbsent(key, k -> bus.subscribe("mig33.room." + k, d -> heard(k, d)));
        }
        listening.keySet().removeIf(k -> {
            if (keys.contains(k)) {
                return false;
            }
            listening.get(k).close();
            return true;
        });
    }

    private void heard(String room, Delivery d) {
        // the room's own announcements (joins, leaves, kicks) are not lines
        if (Pushes.fromDelivery(d) instanceof Push.RoomLine line && line.fromUser()) {
            // counted under the name the room is shown by (the line says it), not its lower-cased key
            thisMinute.computeIfAbsent(line.room(), k -> new LongAdder()).increment();
        }
    }

    private Sample now() {
        return new Sample(clock.millis(), registry.count("mig33") + registry.count("pangya"),
                total("revenant.mig33.logins") + total("revenant.pangya.logins", "outcome", "success"),
                total("revenant.mig33.login.failures") + total("revenant.pangya.logins", "outcome", "invalid_credentials"),
                total("revenant.mig33.messages"));
    }

    private double total(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The day's samples, oldest first. */
    public List<Sample> history() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /**
     * Per second since the last sample (or over the first minute, before there is one): logins, failed
     * logins, messages.
     */
    public Map<String, Object> rates() {
        Sample now = now();
        Sample last;
        synchronized (samples) {
            last = samples.peekLast();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        double seconds = last == null ? 0 : Math.max(1, (now.at() - last.at()) / 1000.0);
        r.put("loginsPerSecond", last == null ? 0 : (now.logins() - last.logins()) / seconds);
        r.put("failedLoginsPerSecond", last == null ? 0 : (now.failedLogins() - last.failedLogins()) / seconds);
        r.put("messagesPerSecond", last == null ? 0 : (now.messages() - last.messages()) / seconds);
        r.put("logins", now.logins());
        r.put("failedLogins", now.failedLogins());
        r.put("messages", now.messages());
        r.put("online", now.online());
        return r;
    }

    /** Rooms by lines over the last hour, busiest first. */
    public List<Map<String, Object>> busiestRooms(int limit) {
        Map<String, Long> lines = new HashMap<>();
        synchronized (samples) {
            for (Map<String, LongAdder> minute : lastMinutes) {
                minute.forEach((k, v) -> lines.merge(k, v.sum(), Long::sum));
            }
        }
        thisMinute.forEach((k, v) -> lines.merge(k, v.sum(), Long::sum));
        List<Map<String, Object>> rooms = new ArrayList<>();
        lines.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(e -> rooms.add(Map.of("room", e.getKey(), "linesLastHour", e.getValue())));
        return rooms;
    }

    @Override
    public void close() {
        listening.values().forEach(MessageBus.Subscription::close);
        listening.clear();
    }
}
