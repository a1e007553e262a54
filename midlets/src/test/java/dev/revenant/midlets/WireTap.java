package dev.revenant.midlets;

import dev.revenant.mig33.codec.FramingException;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A loopback relay between the phones and the server that keeps the conversation: every mig33 packet in
 * both directions, decoded. Tests assert on what the real client sent and got; a failure prints it.
 */
final class WireTap implements AutoCloseable {
    /** One packet as it crossed the relay. */
    record Seen(int connection, boolean fromClient, Packet packet, java.time.LocalTime at) {
        @Override
        public String toString() {
            return at + " #" + connection + (fromClient ? " C->S " : " S->C ") + PacketDescription.describe(packet);
        }
    }

    /** Two doors, as the MIDlets have two ports (9119 and its fallback 25): both lead to the server. */
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final InetSocketAddress server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    private int connections;

    WireTap(InetSocketAddress server) throws IOException {
        this(server, null);
    }

    /**
     * @param httpServer where mig33 over HTTP listens, or null: a third door then relays HTTP requests to it
     *     and keeps the packets in their bodies, so the conversation reads the same whatever the transport
     */
    WireTap(InetSocketAddress server, InetSocketAddress httpServer) throws IOException {
        this.server = server;
        try {
            for (int i = 0; i < (httpServer == null ? 2 : 3); i++) {
                ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                listeners.add(listener);
                InetSocketAddress to = i < 2 ? server : httpServer;
                boolean http = i == 2;
                Thread accept = new Thread(() -> accept(listener, to, http), "wiretap-accept");
                accept.setDaemon(true);
                accept.start();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Where phones reach mig33 over HTTP (the third door); only with an HTTP server. */
    int httpPort() {
        return listeners.get(2).getLocalPort();
    }

    /** Where phones connect first. */
    String address() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return listeners.get(0).getLocalPort();
    }

    /** Where phones connect when the first port fails. */
    int fallbackPort() {
        return listeners.get(1).getLocalPort();
    }

    private void accept(ServerSocket listener, InetSocketAddress to, boolean http) {
        while (!listener.isClosed()) {
            try {
                Socket phone = listener.accept();
                Socket upstream = new Socket(to.getAddress(), to.getPort());
                sockets.add(phone);
                sockets.add(upstream);
                int id;
                synchronized (changed) {
                    id = ++connections;
                }
                pump(id, true, phone, upstream, http);
                pump(id, false, upstream, phone, http);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(int id, boolean fromClient, Socket in, Socket out, boolean http) {
        Thread t = new Thread(() -> {
            ByteBuf pending = Unpooled.buffer();
            byte[] chunk = new byte[8192];
            try (InputStream is = in.getInputStream(); OutputStream os = out.getOutputStream()) {
                int n;
                while ((n = is.read(chunk)) > 0) {
                    if (!fromClient) {
                        beforeDelivery.run();
                        latency();
                    }
                    os.write(chunk, 0, n);
                    os.flush();
                    pending.writeBytes(chunk, 0, n);
                    ByteBuf packets = http ? HttpBodies.next(pending) : pending;
                    while (packets != null) {
                        Packet p;
                        while ((p = PacketCodec.read(packets, Integer.MAX_VALUE)) != null) {
                            record(new Seen(id, fromClient, p, java.time.LocalTime.now()));
                        }
                        packets = http ? HttpBodies.next(pending) : null;
                    }
                    pending.discardReadBytes();
                }
            } catch (IOException | FramingException e) {
                // the connection ended (or stopped speaking mig33): the other direction follows
            } finally {
                pending.release();
                try {
                    out.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "wiretap-" + id + (fromClient ? "-up" : "-down"));
        t.setDaemon(true);
        t.start();
    }

    /**
     * The phone network's delay on the way to the phone (50 ms unless {@code -Dphone.latency=MS}). The
     * MIDlets were written for GPRS round trips of a second: on bare loopback an answer can come back before
     * the client has started waiting for it, and 4.20 and 4.50 then wait for ever for a PONG they already
     * got (their race, not the server's).
     */
    static final long LATENCY_MILLIS = Long.getLong("phone.latency", 50);

    /** Runs before each answer is passed on to a phone (see {@link #beforeDelivery(Runnable)}). */
    private volatile Runnable beforeDelivery = () -> {};

    /**
     * Holds answers to the phone until {@code gate} returns. A MIDlet's command handler sends its request
     * and then sets up the screen that waits for the answer ("Loading…", "Logging in…"); an answer that
     * comes back before the handler has returned finds no one waiting (4.62's rooms stayed "Loading…" for
     * ever once under load). Over GPRS an answer took far longer than a handler, so the phone's event
     * thread finishing its work first is what a real network gave.
     */
    void beforeDelivery(Runnable gate) {
        beforeDelivery = gate;
    }

    private static void latency() throws IOException {
        try {
            Thread.sleep(LATENCY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("relay stopped", e);
        }
    }

    private void record(Seen s) {
        synchronized (changed) {
            seen.add(s);
            changed.notifyAll();
        }
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /**
     * Forgets every packet seen so far, once a phone is closed: the next phone's checks (its connection
     * test, its LOGIN_OK) are about its own conversation, not the last one's.
     */
    void forget() {
        synchronized (changed) {
            seen.clear();
        }
    }

    /** Types of the packets the phones sent, in order. */
    List<Integer> requestTypes() {
        List<Integer> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.fromClient()) {
                out.add(s.packet().type());
            }
        }
        return out;
    }

    /** Waits until a packet that satisfies {@code test} has crossed; returns it. */
    Seen await(String what, Predicate<Seen> test, java.time.Duration timeout) {
        return awaitAfter(0, what, test, timeout);
    }

    /** How many packets have crossed so far: a mark for {@link #awaitAfter}. */
    int mark() {
        return seen.size();
    }

    /** As {@link #await}, among the packets that crossed after {@code mark} only. */
    Seen awaitAfter(int mark, String what, Predicate<Seen> test, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (true) {
                for (int i = mark; i < seen.size(); i++) {
                    if (test.test(seen.get(i))) {
                        return seen.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + "\n" + transcript());
                }
                try {
                    changed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    String transcript() {
        StringBuilder out = new StringBuilder();
        for (Seen s : seen) {
            out.append(s).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
        for (Socket s : sockets) {
            s.close();
        }
    }
}
