package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.testing.TestStores;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.Mig33Gateway;
import dev.revenant.mig33.codec.LoginHash;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.Mig33Service;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch of requests to their handlers, driven through a session on a fake connection that records
 * what it is sent: no socket, no event loop; the stores are real (H2).
 */
class DispatchTest {
    @TempDir
    Path dir;
    private Database database;
    private NetLoops loops;
    private Mig33Service service;

    /** A connection that keeps what the session sends it. */
    static final class RecordingConnection implements Connection {
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public CompletionStage<Boolean> send(Packet packet) {
            sent.add(packet);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void loggedIn() {}

        @Override
        public String remoteHost() {
            return "127.0.0.1";
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:40000";
        }

        Packet last() {
            return sent.get(sent.size() - 1);
        }
    }

    @BeforeEach
    void start() {
        database = Database.open(TestStores.fresh(), dir);
        loops = new NetLoops(1);
        SecretBox secrets = SecretBox.open(dir.resolve("secret.key"));
        var registry = new InMemorySessionRegistry();
        // the gateway builds the context on the real stores; it is never started, so nothing listens
        Mig33Gateway gateway = new Mig33Gateway(Mig33Config.defaults(), database, secrets, registry,
                new InMemoryMessageBus(registry), loops, Runnable::run, new SimpleMeterRegistry());
        service = new Mig33Service(gateway.context());
        new Mig33Admin(database, secrets, "Friends").addUser("alice", "S3cretPass1", null, null, false);
    }

    @AfterEach
    void stop() {
        loops.close();
        database.close();
    }

    @Test
    void beforeLoginOnlyTheLoginAndTheClientsOwnRequestsAreServed() {
        RecordingConnection phone = new RecordingConnection();
        Mig33Session session = service.open(phone);
        session.onPacket(new Request.Ping(1).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.PONG);
        session.onPacket(new Request.GetContacts(2, 0).toPacket());
        assertThat(errorText(phone.last())).isEqualTo("Please log in first");
        // a packet type no client sends this server: the same answer before login
        session.onPacket(Packet.of(999, 3).build());
        assertThat(errorText(phone.last())).isEqualTo("Please log in first");
    }

    @Test
    void aMalformedFieldIsAnsweredOnceBeforeAnyHandler() {
        RecordingConnection phone = new RecordingConnection();
        Mig33Session session = service.open(phone);
        session.onPacket(Packet.of(PacketType.LOGIN, 1).bytes(3, new byte[] {1, 2, 3}).string(5, "alice").build());
        assertThat(phone.sent).hasSize(1);
        assertThat(phone.last().txn()).isEqualTo(1);
        assertThat(errorText(phone.last())).isEqualTo("Malformed request");
        assertThat(session.state()).isEqualTo(Mig33Session.State.NEW);
    }

    @Test
    void onceLoggedInTheLoggedInHandlersServeAndAnUnknownTypeIsNotSupported() {
        RecordingConnection phone = new RecordingConnection();
        Mig33Session session = service.open(phone);
        session.onPacket(new Request.Login(1, 1, 420, "alice", 1, null, null, null).toPacket());
        Packet challenge = phone.last();
        assertThat(challenge.type()).isEqualTo(PacketType.LOGIN_CHALLENGE);
        int proof = LoginHash.stringHash(challenge.string(1), "S3cretPass1".toLowerCase(Locale.ROOT));
        session.onPacket(new Request.LoginResponse(2, proof).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.LOGIN_OK);
        assertThat(phone.closed).isFalse();

        session.onPacket(new Request.SetPresence(3, 2).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.OK);
        assertThat(session.attribute("presence")).isEqualTo("2");
        session.onPacket(Packet.of(999, 4).build());
        assertThat(errorText(phone.last())).isEqualTo("Not supported");
        session.onPacket(new Request.Logout(5).toPacket());
        assertThat(phone.closed).isTrue();
    }

    @Test
    void aRequestTypeHasOneHandlerAndEveryRequestTheCodecReadsMustHaveOne() {
        Dispatch d = new Dispatch();
        d.beforeLogin(Request.Ping.class, (s, r) -> {});
        assertThatThrownBy(() -> d.loggedIn(Request.Ping.class, (s, r) -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Ping has two handlers");
        assertThatThrownBy(d::requireEveryRequestServed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Logout").hasMessageContaining("RoomMessage").hasMessageNotContaining("Ping,");
    }

    private static String errorText(Packet p) {
        assertThat(p.type()).as("an ERROR").isEqualTo(PacketType.ERROR);
        assertThat(p.integer(1, -1)).isEqualTo(ServerPackets.ERROR_UNDEFINED);
        return p.string(2);
    }
}
