package dev.revenant.app.dissect;

import dev.revenant.mig33.codec.Mig33StreamDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts each TCP connection to a server port back together, both directions in sequence order
 * (retransmitted and overlapping bytes dropped, early segments held until the gap before them fills),
 * and reads each direction as a stream of mig33 packets.
 */
public final class Dissector {
    private final Set<Integer> serverPorts;
    /** Open connections by their two endpoints, either way round. */
    private final Map<List<TcpSegment.Endpoint>, Conversation> open = new HashMap<>();
    private final List<Conversation> conversations = new ArrayList<>();
    private boolean finished;

    public Dissector(Set<Integer> serverPorts) {
        this.serverPorts = Set.copyOf(serverPorts);
    }

    /** Takes the next segment of the capture; segments to no server port are left out. */
    public void segment(TcpSegment s) {
        boolean toServerPort = serverPorts.contains(s.destination().port());
        boolean fromServerPort = serverPorts.contains(s.source().port());
        if (!toServerPort && !fromServerPort) {
            return;
        }
        List<TcpSegment.Endpoint> key = key(s.source(), s.destination());
        Conversation c = open.get(key);
        if (c != null && s.syn() && !s.ack() && c.ended()) {
            // the same ports again after a close: a new connection
            c.finish();
            c = null;
        }
        if (c == null) {
            boolean fromClient;
            if (toServerPort != fromServerPort) {
                fromClient = toServerPort;
            } else if (s.syn()) {
                fromClient = !s.ack(); // both ends on server ports: the opening SYN comes from the client
            } else {
                fromClient = s.destination().port() < s.source().port();
            }
            c = fromClient ? new Conversation(conversations.size() + 1, s.source(), s.destination())
                    : new Conversation(conversations.size() + 1, s.destination(), s.source());
            conversations.add(c);
            open.put(key, c);
        }
        c.segment(s);
    }

    /** The end of the capture: bytes still held are read and every connection is returned, in order of first segment. */
    public List<Conversation> finish() {
        if (!finished) {
            finished = true;
            for (Conversation c : conversations) {
                c.finish();
            }
        }
        return List.copyOf(conversations);
    }

    private static List<TcpSegment.Endpoint> key(TcpSegment.Endpoint a, TcpSegment.Endpoint b) {
        String ka = a.toString();
        String kb = b.toString();
        return ka.compareTo(kb) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    /** Which way a packet or a segment went. */
    public enum Direction {
        CLIENT_TO_SERVER("C->S"), SERVER_TO_CLIENT("S->C");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** At a time in one direction: a packet or problem from the decoder ({@code item}), or else a transport note. */
    public record Event(long micros, Direction direction, Mig33StreamDecoder.Item item, String note) {}

    /** One TCP connection: its client and server, and what each sent, in capture order. */
    public static final class Conversation {
        private final int number;
        private final TcpSegment.Endpoint client;
        private final TcpSegment.Endpoint server;
        private final Flow up = new Flow(Direction.CLIENT_TO_SERVER);
        private final Flow down = new Flow(Direction.SERVER_TO_CLIENT);
        private final List<Event> events = new ArrayList<>();
        private long firstMicros = -1;
        private boolean done;

        Conversation(int number, TcpSegment.Endpoint client, TcpSegment.Endpoint server) {
            this.number = number;
            this.client = client;
            this.server = server;
        }

        public int number() {
            return number;
        }

        public TcpSegment.Endpoint client() {
            return client;
        }

        public TcpSegment.Endpoint server() {
            return server;
        }

        /** Time of the first segment, microseconds since the epoch. */
        public long firstMicros() {
            return firstMicros;
        }

        public List<Event> events() {
            return events;
        }

        /** The flow of one direction (byte, packet and segment counts). */
        public Flow flow(Direction d) {
            return d == Direction.CLIENT_TO_SERVER ? up : down;
        }

        boolean ended() {
            return up.fin || up.rst || down.fin || down.rst;
        }

        void segment(TcpSegment s) {
            if (firstMicros < 0) {
                firstMicros = s.micros();
            }
            Flow f = s.source().equals(client) ? up : down;
            f.segment(s, events);
        }

        void finish() {
            if (!done) {
                done = true;
                up.finish(events);
                down.finish(events);
            }
        }
    }

    /** One direction: sequence bookkeeping, held segments and the packet decoder. */
    public static final class Flow {
        private final Direction direction;
        private final Mig33StreamDecoder decoder = new Mig33StreamDecoder();
        /** The next sequence number expected (32-bit, wraps), or -1 until the first SYN or data. */
        private long nextSeq = -1;
        /** Bytes handed to the decoder so far, including holes reported as missing. */
        private long delivered;
        /** Segments that came before the bytes in front of them, by stream offset. */
        private final TreeMap<Long, Held> held = new TreeMap<>();
        private boolean fin;
        private boolean rst;
        private long bytes;
        private int packets;
        private int problems;
        private int retransmitted;
        private int outOfOrder;
        private byte[] firstBytes = new byte[0];
        /** Until the first bytes tell: mig33 straight on TCP, or inside HTTP (spec §8, port 80). */
        private boolean http;
        private boolean decided;
        private byte[] undecided = new byte[0];
        private HttpMessages messages;
        private long lastMicros;

        private record Held(long micros, byte[] data) {}

        Flow(Direction direction) {
            this.direction = direction;
        }

        /** Payload bytes taken in sequence (retransmitted copies counted once). */
        public long bytes() {
            return bytes;
        }

        /** mig33 packets read. */
        public int packets() {
            return packets;
        }

        /** Problem lines (bytes that were not a packet, bytes missing). */
        public int problems() {
            return problems;
        }

        /** Segments whose data had all been taken already. */
        public int retransmitted() {
            return retransmitted;
        }

        /** Segments that came before bytes in front of them. */
        public int outOfOrder() {
            return outOfOrder;
        }

        /** The first bytes of the stream (up to 32), to say what a stream that is no mig33 looks like. */
        public byte[] firstBytes() {
            return firstBytes;
        }

        void segment(TcpSegment s, List<Event> events) {
            lastMicros = s.micros();
            byte[] data = s.payload();
            long seq = s.seq();
            if (s.syn()) {
                if (nextSeq < 0) {
                    nextSeq = (seq + 1) & 0xFFFF_FFFFL;
                }
                seq = (seq + 1) & 0xFFFF_FFFFL; // data on a SYN (fast open) follows the SYN's number
            }
            if (data.length > 0) {
                if (nextSeq < 0) {
                    nextSeq = seq; // joined mid-connection: the first data seen starts the stream
                }
                int ahead = (int) (seq - nextSeq); // signed: sequence numbers wrap at 2^32
                if (ahead > 0) {
                    outOfOrder++;
                    Held before = held.get(delivered + ahead);
                    if (before == null || before.data().length < data.length) {
                        held.put(delivered + ahead, new Held(s.micros(), data));
                    }
                } else if (-ahead >= data.length) {
                    retransmitted++;
                } else {
                    take(s.micros(), data, -ahead, events);
                    drainHeld(s.micros(), events);
                }
            }
            if (s.fin() && !fin) {
                fin = true;
                events.add(new Event(s.micros(), direction, null, "FIN (closes its side)"));
            }
            if (s.rst() && !rst) {
                rst = true;
                events.add(new Event(s.micros(), direction, null, "RST (resets the connection)"));
            }
        }

        /** Held segments that now follow on; {@code micros} is when the bytes they waited for came. */
        private void drainHeld(long micros, List<Event> events) {
            while (!held.isEmpty() && held.firstKey() <= delivered) {
                Map.Entry<Long, Held> e = held.pollFirstEntry();
                int overlap = (int) (delivered - e.getKey());
                if (overlap < e.getValue().data().length) {
                    take(micros, e.getValue().data(), overlap, events);
                }
            }
        }

        private void take(long micros, byte[] data, int from, List<Event> events) {
            int n = data.length - from;
            if (firstBytes.length < 32) {
                byte[] more = new byte[Math.min(32, firstBytes.length + n)];
                System.arraycopy(firstBytes, 0, more, 0, firstBytes.length);
                System.arraycopy(data, from, more, firstBytes.length, more.length - firstBytes.length);
                firstBytes = more;
            }
            bytes += n;
            delivered += n;
            nextSeq = (nextSeq + n) & 0xFFFF_FFFFL;
            carry(micros, data, from, n, events);
        }

        /** Hands stream bytes to the decoder, straight or out of HTTP bodies. */
        private void carry(long micros, byte[] data, int from, int n, List<Event> events) {
            if (!decided) {
                byte[] all = Arrays.copyOf(undecided, undecided.length + n);
                System.arraycopy(data, from, all, undecided.length, n);
                Boolean isHttp = HttpMessages.looksLikeHttp(all);
                if (isHttp == null) {
                    undecided = all;
                    return;
                }
                decide(isHttp);
                data = all;
                from = 0;
                n = all.length;
            }
            if (!http) {
                record(micros, decoder.feed(data, from, n), events);
                return;
            }
            for (HttpMessages.Part part : messages.feed(data, from, n)) {
                if (part instanceof HttpMessages.Body body) {
                    record(micros, decoder.feed(body.bytes()), events);
                } else if (part instanceof HttpMessages.Head head) {
                    events.add(new Event(micros, direction, null, "HTTP " + head.startLine() + " (" + head.body() + ")"));
                } else {
                    problems++;
                    events.add(new Event(micros, direction, null,
                            "HTTP: cannot follow the messages (" + ((HttpMessages.Broken) part).why() + "); the rest is skipped"));
                }
            }
        }

        private void decide(boolean isHttp) {
            decided = true;
            http = isHttp;
            undecided = new byte[0];
            if (isHttp) {
                messages = new HttpMessages();
            }
        }

        /** Bytes too few to tell HTTP from mig33 are read as mig33 (the decoder says what they are). */
        private void settle(long micros, List<Event> events) {
            if (!decided) {
                byte[] rest = undecided;
                decide(false);
                if (rest.length > 0) {
                    record(micros, decoder.feed(rest), events);
                }
            }
        }

        private void gap(long micros, long missing, List<Event> events) {
            settle(micros, events);
            if (http) {
                for (HttpMessages.Part part : messages.gap()) {
                    problems++;
                    events.add(new Event(micros, direction, null, "HTTP: " + missing + " bytes missing from the capture ("
                            + ((HttpMessages.Broken) part).why() + "); the rest is skipped"));
                }
            } else {
                record(micros, decoder.gap(missing), events);
            }
        }

        void finish(List<Event> events) {
            // segments after a hole the capture never filled: say how much is missing, then read on
            while (!held.isEmpty()) {
                Map.Entry<Long, Held> e = held.pollFirstEntry();
                long missing = e.getKey() - delivered;
                long micros = e.getValue().micros();
                if (missing > 0) {
                    gap(micros, missing, events);
                    delivered += missing;
                    nextSeq = (nextSeq + missing) & 0xFFFF_FFFFL;
                }
                int overlap = (int) (delivered - e.getKey());
                if (overlap < e.getValue().data().length) {
                    take(micros, e.getValue().data(), overlap, events);
                }
            }
            settle(lastMicros, events);
            record(lastMicros, decoder.finish(), events);
        }

        private void record(long micros, List<Mig33StreamDecoder.Item> items, List<Event> events) {
            for (Mig33StreamDecoder.Item i : items) {
                if (i instanceof Mig33StreamDecoder.Frame) {
                    packets++;
                } else {
                    problems++;
                }
                events.add(new Event(micros, direction, i, null));
            }
        }
    }
}
