package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.codec.LoginHash;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection that keeps what the session sends it: handler tests drive a session through it, with no
 * socket and no event loop.
 */
public final class RecordingConnection extends LoopbackConnection {
    public final List<Packet> sent = new CopyOnWriteArrayList<>();
    /** MESSAGE packets this connection still writes before it is gone ({@link #cutAfterMessages}). */
    private final AtomicInteger messagesLeft = new AtomicInteger(Integer.MAX_VALUE);
    private volatile boolean cut;
    /** Writes that failed because of {@link #cutAfterMessages}. */
    public final AtomicInteger failedWrites = new AtomicInteger();

    @Override
    public CompletionStage<Boolean> send(Packet packet) {
        if (cut || packet.type() == PacketType.MESSAGE && messagesLeft.getAndDecrement() <= 0) {
            cut = true; // as a channel that closed: this write and every later one fails, nothing arrives
            failedWrites.incrementAndGet();
            return CompletableFuture.completedFuture(false);
        }
        sent.add(packet);
        return CompletableFuture.completedFuture(true);
    }

    /** The phone goes away after {@code messages} more MESSAGE packets: the writes after those fail. */
    public void cutAfterMessages(int messages) {
        messagesLeft.set(messages);
    }


    public Packet last() {
        return sent.get(sent.size() - 1);
    }

    /** The text of the last packet, which must be an ERROR. */
    public String lastError() {
        return errorText(last());
    }

    /**
     * The last answer to the request with transaction {@code txn} (pushes to the session, transaction 0, may
     * come between a request and its answer).
     */
    public Packet answerTo(int txn) {
        return sent.stream().filter(p -> p.txn() == txn).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no answer to transaction " + txn + " in " + sent));
    }

    /** The text of the answer to {@code txn}, which must be an ERROR. */
    public String errorTo(int txn) {
        return errorText(answerTo(txn));
    }

    private static String errorText(Packet p) {
        assertThat(p.type()).as("an ERROR").isEqualTo(PacketType.ERROR);
        assertThat(p.integer(1, -1)).isEqualTo(ServerPackets.ERROR_UNDEFINED);
        return p.string(2);
    }

    /** Logs {@code session} in as {@code user} (a 4.20 client), as a phone would: LOGIN, then the proof. */
    public static void logIn(Mig33Session session, RecordingConnection phone, String user, String password) {
        session.onPacket(new Request.Login(1, 1, 420, user, 1, null, null, null).toPacket());
        Packet challenge = phone.last();
        assertThat(challenge.type()).isEqualTo(PacketType.LOGIN_CHALLENGE);
        int proof = LoginHash.stringHash(challenge.string(1), password.toLowerCase(Locale.ROOT));
        session.onPacket(new Request.LoginResponse(2, proof).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.LOGIN_OK);
    }
}
