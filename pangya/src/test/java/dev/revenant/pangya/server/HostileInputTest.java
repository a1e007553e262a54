package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ClientPacket.CheckNickname;
import dev.revenant.pangya.codec.ClientPacket.Ghost;
import dev.revenant.pangya.codec.ClientPacket.Login;
import dev.revenant.pangya.codec.ClientPacket.SelectCharacter;
import dev.revenant.pangya.codec.ClientPacket.SelectServer;
import dev.revenant.pangya.codec.ClientPacket.SetNickname;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.NeedNickname;
import dev.revenant.pangya.codec.ServerPacket.NicknameCheck;
import dev.revenant.pangya.codec.ServerPacket.SessionKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §8: what a careful server closes on, while another client, logged in before the trouble, keeps being
 * served. Each test ends by using that bystander.
 */
class HostileInputTest {
    @TempDir Path dir;
    PangyaTestServer t;
    PangyaClient bystander;

    @BeforeEach
    void start() {
        t = new PangyaTestServer(dir, "th829", 1);
        t.returningPlayer("gina", "pw", "Gina1");
        bystander = t.client();
        bystander.login("gina", "pw");
        bystander.receive(LoginSuccess.class);
        for (int i = 0; i < 4; i++) {
            bystander.receive();
        }
    }

    @AfterEach
    void stop() {
        // the bystander is still served: nothing a hostile client did reached it or the server
        bystander.send(new SelectServer(20201));
        assertThat(bystander.receive(SessionKey.class).key()).isNotEmpty();
        t.close();
    }

    @Test
    void aWrongCheckByteCloses() {
        PangyaClient c = t.client();
        byte[] frame = c.frame(new Login("gina", "pw"));
        frame[4] ^= 0x33;
        c.sendFrame(frame);
        assertThat(c.awaitClose()).isTrue();
        assertThat(disconnects("bad_input")).isEqualTo(1);
    }

    private double disconnects(String cause) {
        return t.meters.counter("revenant.pangya.disconnects", "cause", cause).count();
    }

    @Test
    void afterLoginFramesStayUnderTheirOwnCap() {
        t.admin.add("olive", "pw");
        PangyaClient c = t.client();
        c.login("olive", "pw");
        assertThat(c.receive()).isEqualTo(new NeedNickname());
        // a nickname check of 1100 bytes: over the 1024-byte cap that applies once logged in
        c.send(new CheckNickname("n".repeat(1100)));
        assertThat(c.awaitClose()).isTrue();
        assertThat(disconnects("bad_input")).isEqualTo(1);
    }

    @Test
    void aFloodOfPacketsCloses() {
        t.admin.add("nora", "pw");
        PangyaClient c = t.client();
        c.login("nora", "pw");
        assertThat(c.receive()).isEqualTo(new NeedNickname());
        // forty nickname checks in one write: far more, and faster, than a login ever sends
        byte[] one = c.frame(new CheckNickname("Nora1"));
        byte[] many = new byte[one.length * 40];
        for (int i = 0; i < 40; i++) {
            System.arraycopy(one, 0, many, i * one.length, one.length);
        }
        c.sendFrame(many);
        assertThat(c.awaitClose()).isTrue();
        assertThat(disconnects("flood")).isEqualTo(1);
    }

    @Test
    void anOversizePreLoginFrameClosesBeforeItArrives() {
        PangyaClient c = t.client();
        byte[] big = c.frame(new Login("x".repeat(300), "pw"));
        // only the first bytes: the length field alone is enough to refuse it
        c.sendFrame(Arrays.copyOf(big, 10));
        assertThat(c.awaitClose()).isTrue();
    }

    @Test
    void aFrameTooShortForAPacketIdCloses() {
        PangyaClient c = t.client();
        c.sendFrame(c.frame(new byte[] {1}));
        assertThat(c.awaitClose()).isTrue();
    }

    @Test
    void packetsOutOfStateClose() {
        PangyaClient early = t.client();
        early.send(new SelectServer(20201)); // before login
        assertThat(early.awaitClose()).isTrue();
        assertThat(disconnects("protocol")).isEqualTo(1);

        PangyaClient ghost = t.client();
        ghost.send(new Ghost()); // with no 5100019 before it
        assertThat(ghost.awaitClose()).isTrue();

        PangyaClient nick = t.client();
        nick.send(new CheckNickname("Sneaky")); // before login
        assertThat(nick.awaitClose()).isTrue();

        t.admin.add("henry", "pw");
        PangyaClient setup = t.client();
        setup.login("henry", "pw");
        assertThat(setup.receive()).isEqualTo(new NeedNickname());
        setup.send(new SelectCharacter(0x04000001L, 1)); // a character before the nickname
        assertThat(setup.awaitClose()).isTrue();

        PangyaClient loggedIn = t.client();
        t.returningPlayer("ivy", "pw", "Ivy01");
        loggedIn.login("ivy", "pw");
        loggedIn.receive(LoginSuccess.class);
        loggedIn.send(new SetNickname("Again")); // first-login packet after login
        assertThat(loggedIn.awaitClose()).isTrue();
    }

    @Test
    void unknownPacketsUnknownServersAndBadCharactersClose() {
        PangyaClient unknown = t.client();
        unknown.sendFrame(unknown.frame(new byte[] {0x42, 0x00, 1, 2, 3}));
        assertThat(unknown.awaitClose()).isTrue();

        t.returningPlayer("jack", "pw", "Jacky");
        PangyaClient server = t.client();
        server.login("jack", "pw");
        server.receive(LoginSuccess.class);
        server.send(new SelectServer(99999));
        assertThat(server.awaitClose()).isTrue();

        t.admin.add("kate", "pw");
        PangyaClient character = t.client();
        character.login("kate", "pw");
        character.receive(NeedNickname.class);
        character.send(new SetNickname("Katie"));
        character.receive();
        character.send(new SelectCharacter(0x0400000CL, 1)); // not a character the clients offer
        assertThat(character.awaitClose()).isTrue();
    }

    @Test
    void silenceBeforeLoginTimesOut() {
        PangyaClient quiet = t.client();
        // the server's pre-login read timeout is 1 s here; the client waits up to 5 s for the close
        assertThat(quiet.awaitClose()).isTrue();
        assertThat(disconnects("idle")).isEqualTo(1);
    }

    @Test
    void framesSplitAnywhereOrSentTogetherAreReassembled() {
        t.admin.add("lena", "pw");
        PangyaClient c = t.client();
        byte[] login = c.frame(new Login("lena", PasswordForm.PLAINTEXT.onTheWire("pw")));
        for (byte b : login) {
            c.sendFrame(new byte[] {b}); // one byte per write
        }
        assertThat(c.receive()).isEqualTo(new NeedNickname());
        byte[] one = c.frame(new CheckNickname("Lena1"));
        byte[] two = c.frame(new CheckNickname("Lena2"));
        byte[] both = Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        c.sendFrame(both); // two frames in one write
        assertThat(c.receive()).isEqualTo(new NicknameCheck(0, "Lena1"));
        assertThat(c.receive()).isEqualTo(new NicknameCheck(0, "Lena2"));
    }

    @Test
    void randomAndMutatedBytesNeverHurtTheServer() {
        Random random = new Random(852);
        for (int i = 0; i < 30; i++) {
            PangyaClient c = t.client();
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
            } else {
                // a real frame with one byte flipped: the check byte or the packet catches it, or it parses
                bytes = c.frame(new Login("gina", "pw"));
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            c.sendFrame(bytes);
            c.close();
        }
        // and a fresh client still logs in
        t.returningPlayer("mia", "pw", "Mia01");
        PangyaClient fresh = t.client();
        fresh.login("mia", "pw");
        assertThat(fresh.receive()).isInstanceOf(LoginSuccess.class);
    }
}
