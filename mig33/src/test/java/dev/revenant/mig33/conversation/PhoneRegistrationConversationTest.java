package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration as the real MIDlets make it (3.08–4.62): REGISTRATION (101) → REGISTRATION_CHALLENGE (102)
 * with a captcha → REGISTRATION_RESPONSE (103) → OK, or REGISTRATION_ERROR (104) with why and a new captcha.
 */
class PhoneRegistrationConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Mig33Client phone(boolean captcha) {
        server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().registrationCaptcha(captcha).build());
        return server.connect();
    }

    /** What 4.20 and 4.62 send: one field, the screen's size. */
    static Packet.Builder registration(Mig33Client c) {
        return c.request(PacketType.REGISTRATION).int32(1, 158);
    }

    static Packet response(Mig33Client c, String user, String password, String captchaId, String letters) {
        return c.request(PacketType.REGISTRATION_RESPONSE).string(5, letters).string(4, captchaId)
                .string(3, "60123456789").string(2, password).string(1, user).build();
    }

    static void assertCaptcha(Packet p) throws Exception {
        assertThat(p.string(2)).hasSize(16);
        assertThat(ImageIO.read(new ByteArrayInputStream(p.raw(3)))).as("a PNG picture").isNotNull();
    }

    @Test
    void aPhoneRegistersThroughTheCaptchaAndLogsIn() throws Exception {
        Mig33Client phone = phone(false);
        Packet challenge = phone.call(registration(phone).build());
        assertThat(challenge.type()).isEqualTo(PacketType.REGISTRATION_CHALLENGE);
        assertThat(challenge.has(1)).as("the calling code, empty when unknown").isTrue();
        assertCaptcha(challenge);

        Packet ok = phone.call(response(phone, "Alice", "S3cretPass1", challenge.string(2), "anything"));
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        assertThat(ok.string(1)).contains("alice");
        assertThat(server.connect().login("alice", "S3cretPass1").type()).isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void aWrongAnswerGetsANewCaptchaAndEachCaptchaAnswersOnce() throws Exception {
        Mig33Client phone = phone(true);
        Packet challenge = phone.call(registration(phone).build());
        Packet wrong = phone.call(response(phone, "alice", "S3cretPass1", challenge.string(2), "zzzzzz"));
        assertThat(wrong.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertThat(wrong.string(1)).isEqualTo("Please enter the letters shown in the picture");
        assertCaptcha(wrong);
        assertThat(wrong.string(2)).isNotEqualTo(challenge.string(2));

        // the first captcha is used up: its id no longer answers
        Packet stale = phone.call(response(phone, "alice", "S3cretPass1", challenge.string(2), "zzzzzz"));
        assertThat(stale.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertThat(server.connect().call(server.connect().request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
    }

    @Test
    void aResponseWithoutARegistrationIsRefusedWithACaptcha() throws Exception {
        Mig33Client phone = phone(false);
        Packet refused = phone.call(response(phone, "alice", "S3cretPass1", "nothing-asked", "x"));
        assertThat(refused.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertCaptcha(refused);
    }

    @Test
    void theRegistrationRulesAnswerWithTheirReasonAndANewCaptcha() throws Exception {
        Mig33Client phone = phone(false);
        Packet first = phone.call(registration(phone).build());
        phone.call(response(phone, "alice", "S3cretPass1", first.string(2), "x"));

        Packet again = phone.call(registration(phone).build());
        Packet taken = phone.call(response(phone, "ALICE", "Other1234", again.string(2), "x"));
        assertThat(taken.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertThat(taken.string(1)).contains("already taken");
        assertCaptcha(taken);

        Packet weak = phone.call(response(phone, "carol", "abc", taken.string(2), "x"));
        assertThat(weak.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertThat(weak.string(1)).contains("too weak");
    }

    @Test
    void badDetailsAreAnsweredWithWhatIsWrongNotAsAnOutage() throws Exception {
        Mig33Client phone = phone(false);
        Packet first = phone.call(registration(phone).build());
        Packet longPhone = phone.call(phone.request(PacketType.REGISTRATION_RESPONSE).string(8, "19900101")
                .string(5, "x").string(4, first.string(2)).string(3, "6".repeat(300)).string(2, "S3cretPass1")
                .string(1, "alice").build());
        assertThat(longPhone.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertThat(longPhone.string(1)).isEqualTo("Invalid mobile phone: digits with the country code");

        Packet longBirth = phone.call(phone.request(PacketType.REGISTRATION_RESPONSE).string(8, "1".repeat(300))
                .string(5, "x").string(4, longPhone.string(2)).string(3, "60123456789").string(2, "S3cretPass1")
                .string(1, "alice").build());
        assertThat(longBirth.string(1)).isEqualTo("Invalid date of birth");

        // the seed's one-packet registration keeps the same rules: an over-long e-mail is a clear ERROR
        Packet seed = phone.call(phone.request(PacketType.NEW_REGISTRATION).int8(1, 1).string(2, "bob")
                .string(3, "S3cretPass1").string(4, "60123").string(9, "a@" + "b".repeat(300)).build());
        assertThat(seed.type()).isEqualTo(PacketType.ERROR);
        assertThat(seed.string(2)).isEqualTo("Invalid e-mail address");
    }

    @Test
    void aClosedRegistrationSaysSo() {
        server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().registrationOpen(false).build());
        Mig33Client phone = server.connect();
        Packet closed = phone.call(registration(phone).build());
        assertThat(closed.type()).isEqualTo(PacketType.ERROR);
        assertThat(closed.string(2)).isEqualTo("Registration is closed on this server");
    }

    @Test
    void wrongCaptchaAnswersCountAgainstTheRegistrationLimit() throws Exception {
        server = new Mig33TestServer(dir, Mig33Config.defaults().toBuilder().abuseLimits(5, 2).build());
        Mig33Client phone = server.connect();
        Packet challenge = phone.call(registration(phone).build());
        Packet wrong = phone.call(response(phone, "alice", "S3cretPass1", challenge.string(2), "zzzzzz"));
        Packet wrongAgain = phone.call(response(phone, "alice", "S3cretPass1", wrong.string(2), "zzzzzz"));
        assertThat(wrongAgain.string(1)).isEqualTo("Please enter the letters shown in the picture");
        Packet third = phone.call(response(phone, "alice", "S3cretPass1", wrongAgain.string(2), "zzzzzz"));
        assertThat(third.type()).isEqualTo(PacketType.REGISTRATION_ERROR);
        assertThat(third.string(1)).startsWith("Too many registrations from your network");
        // and no new captcha is drawn for the address until its hour is over
        Packet more = phone.call(registration(phone).build());
        assertThat(more.type()).isEqualTo(PacketType.ERROR);
        assertThat(more.string(2)).startsWith("Too many registrations from your network");
    }
}
