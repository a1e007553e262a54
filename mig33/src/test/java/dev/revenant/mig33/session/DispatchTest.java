package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.codec.LoginHash;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.service.Mig33Service;
import java.nio.file.Path;
import java.util.Locale;
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
    private FakeConnections server;
    private Mig33Service service;

    @BeforeEach
    void start() {
        server = new FakeConnections(dir);
        service = server.service();
        server.register("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void beforeLoginOnlyTheLoginAndTheClientsOwnRequestsAreServed() {
        RecordingConnection phone = new RecordingConnection();
        Mig33Session session = service.open(phone);
        session.onPacket(new Request.Ping(1).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.PONG);
        session.onPacket(new Request.GetContacts(2, 0).toPacket());
        assertThat(phone.lastError()).isEqualTo("Please log in first");
        // a packet type no client sends this server: the same answer before login
        session.onPacket(Packet.of(999, 3).build());
        assertThat(phone.lastError()).isEqualTo("Please log in first");
    }

    @Test
    void aMalformedFieldIsAnsweredOnceBeforeAnyHandler() {
        RecordingConnection phone = new RecordingConnection();
        Mig33Session session = service.open(phone);
        session.onPacket(Packet.of(PacketType.LOGIN, 1).bytes(3, new byte[] {1, 2, 3}).string(5, "alice").build());
        assertThat(phone.sent).hasSize(1);
        assertThat(phone.last().txn()).isEqualTo(1);
        assertThat(phone.lastError()).isEqualTo("Malformed request");
        assertThat(session.state()).isEqualTo(Mig33Session.State.NEW);
    }

    @Test
    void onceLoggedInTheLoggedInHandlersServeAndAnUnknownTypeIsNotSupported() {
        RecordingConnection phone = new RecordingConnection();
        Mig33Session session = service.open(phone);
        session.onPacket(new Request.Login(1, 1, 420, "alice", 1, null, null, null).toPacket());
        Packet challenge = phone.last();
        assertThat(challenge.type()).isEqualTo(PacketType.LOGIN_CHALLENGE);
        int proof = LoginHash.stringHash(challenge.string(1), FakeConnections.PASSWORD.toLowerCase(Locale.ROOT));
        session.onPacket(new Request.LoginResponse(2, proof).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.LOGIN_OK);
        assertThat(phone.closed).isFalse();

        session.onPacket(new Request.SetPresence(3, 2).toPacket());
        assertThat(phone.last().type()).isEqualTo(PacketType.OK);
        assertThat(session.attribute("presence")).isEqualTo("2");
        session.onPacket(Packet.of(999, 4).build());
        assertThat(phone.lastError()).isEqualTo("Not supported");
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
}
