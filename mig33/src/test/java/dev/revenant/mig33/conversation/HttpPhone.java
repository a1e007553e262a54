package dev.revenant.mig33.conversation;

import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.LoginHash;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A phone on mig33 over HTTP, making the requests the MIDlets make: LOGIN, PING and registration POSTed to
 * {@code /}, every other packet POSTed to {@code /<session id>}, and an empty GET to {@code /<session id>}
 * to fetch what waits (HTTP_POLL). Packets the server pushed come back in any answer; they are kept for
 * {@link #awaitPush}.
 */
public final class HttpPhone {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Packet> pushed = new ArrayList<>();
    private String sessionId;
    private int txn;

    HttpPhone(InetSocketAddress server) {
        this.base = URI.create("http://127.0.0.1:" + server.getPort() + "/");
    }

    public String sessionId() {
        return sessionId;
    }

    /** Names a session, e.g. one that never existed. */
    public HttpPhone sessionId(String id) {
        this.sessionId = id;
        return this;
    }

    public Packet.Builder request(int type) {
        txn = txn % 32767 + 1;
        return Packet.of(type, txn);
    }

    /** The request as the MIDlets make it, and its answer whatever its status. */
    public HttpResponse<byte[]> exchange(Packet p) {
        boolean root = p == null ? false : switch (p.type()) {
            case PacketType.LOGIN, PacketType.PING, PacketType.NEW_REGISTRATION, PacketType.REGISTRATION -> true;
            default -> false;
        };
        URI uri = root || sessionId == null ? base : base.resolve(sessionId);
        return p == null ? send(HttpRequest.newBuilder(uri).GET()) : post(uri, bytes(p));
    }

    public HttpResponse<byte[]> post(URI uri, byte[] body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "image/gif")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI base() {
        return base;
    }

    /** Sends a packet; returns every packet of the answer (the server's pushes are kept as well). */
    public List<Packet> call(Packet p) {
        HttpResponse<byte[]> res = exchange(p);
        if (res.statusCode() != 200) {
            throw new AssertionError("HTTP " + res.statusCode() + ": " + new String(res.body()));
        }
        List<Packet> packets = packets(res.body());
        packets.stream().filter(q -> q.txn() == 0).forEach(pushed::add);
        return packets;
    }

    /** The first packet answering {@code p} (its transaction id). */
    public Packet answer(Packet p) {
        return call(p).stream().filter(q -> q.txn() == p.txn()).findFirst()
                .orElseThrow(() -> new AssertionError("no answer to " + p));
    }

    /** HTTP_POLL: an empty GET to the session; what waited. */
    public List<Packet> poll() {
        return call(null);
    }

    /** Polls until a pushed packet matches (as a phone polls: again and again), within 10 s. */
    public Packet awaitPush(Predicate<Packet> match, String what) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            for (Packet p : pushed) {
                if (match.test(p)) {
                    pushed.remove(p);
                    return p;
                }
            }
            poll();
            // the phone's poll cadence (the MIDlets wait seconds; a test need not)
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("no " + what + " within 10 s; pushed: " + pushed);
    }

    /** Polls, as a phone would, until {@code done} holds, within 10 s. */
    public void pollUntil(java.util.function.BooleanSupplier done, String what) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not " + what + " within 10 s");
            }
            poll();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Waits for something the server does on its own (a session let go of), within 10 s. */
    public static void await(java.util.function.BooleanSupplier done, String what) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not " + what + " within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    public Packet awaitPush(int type) {
        return awaitPush(p -> p.type() == type, "packet " + type);
    }

    /** Logs in as a 4.20 MIDlet would; the session id is the challenge's field 2. Returns LOGIN_OK. */
    public Packet login(String username, String password) {
        Packet challenge = challenge(username);
        sessionId = challenge.string(2);
        return answer(loginResponse(challenge, password));
    }

    /** LOGIN as a 4.20 MIDlet sends it, to {@code /}; its LOGIN_CHALLENGE (the session id is not kept). */
    public Packet challenge(String username) {
        Packet challenge = answer(request(PacketType.LOGIN).bool(19, false).string(15, "en-US").int8(9, 1)
                .string(8, "Revenant").string(7, "J2MEv4.20.291").string(5, username).int16(3, 420).int8(2, 2)
                .int16(1, 1).build());
        if (challenge.type() != PacketType.LOGIN_CHALLENGE) {
            throw new AssertionError("LOGIN answered " + challenge);
        }
        return challenge;
    }

    /** The LOGIN_RESPONSE that proves {@code password} for {@code challenge}. */
    public Packet loginResponse(Packet challenge, String password) {
        int proof = LoginHash.stringHash(challenge.string(1), password.toLowerCase(Locale.ROOT));
        return request(PacketType.LOGIN_RESPONSE).int32(1, proof).build();
    }

    public static byte[] bytes(Packet p) {
        ByteBuf buf = Unpooled.buffer();
        PacketCodec.write(p, buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    public static List<Packet> packets(byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        List<Packet> out = new ArrayList<>();
        Packet p;
        while ((p = PacketCodec.read(buf, Integer.MAX_VALUE)) != null) {
            out.add(p);
        }
        if (buf.isReadable()) {
            throw new AssertionError(buf.readableBytes() + " bytes after the last whole packet");
        }
        return out;
    }
}
