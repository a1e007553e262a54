package dev.revenant.mig33.conversation;

import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.entry;
import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status message, display picture, profile and password over real TCP. */
class ProfileConversationTest {
    static final String PASSWORD = Mig33TestServer.password("alice");
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults())
                .clientVersion(Mig33TestServer.REQUEST_SCREEN_CLIENT);
        server.register("alice", "bob", "carol");
        server.admin().addContact("alice", "bob", null, null);
        server.admin().addContact("bob", "alice", null, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusMessageIsPushedToContactsWhoMaySeeItAndShownInTheirList() {
        Mig33Client bob = server.loggedIn("bob");
        int aliceForBob = entry(bob.contacts(), "alice").integer(1, 0);
        Mig33Client carol = server.loggedIn("carol");
        carol.addContact("alice"); // not accepted: carol must not see alice's status
        Mig33Client alice = server.loggedIn("alice");
        alice.contacts();

        long before = System.currentTimeMillis();
        assertThat(alice.setStatusMessage("at the beach").type()).isEqualTo(PacketType.OK);
        Packet pushed = bob.awaitPush(PacketType.STATUS_MESSAGE);
        assertThat(pushed.integer(1, 0)).isEqualTo(aliceForBob);
        assertThat(pushed.string(2)).isEqualTo("at the beach");
        assertThat(pushed.number(3, 0)).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(entry(bob.contacts(), "alice").string(27)).isEqualTo("at the beach");

        settle(carol);
        assertThat(carol.hasPush(PacketType.STATUS_MESSAGE)).isFalse();
        assertThat(entry(carol.contacts(), "alice").has(27)).isFalse();

        // durable: still there after a restart
        server.restart();
        Mig33Client bobAgain = server.loggedIn("bob");
        assertThat(entry(bobAgain.contacts(), "alice").string(27)).isEqualTo("at the beach");

        Mig33Client aliceAgain = server.loggedIn("alice");
        assertThat(aliceAgain.setStatusMessage("x".repeat(201)).type()).isEqualTo(PacketType.ERROR);
    }

    @Test
    void aContactWhoBecomesVisibleBringsTheirStatusAndPicture() {
        Mig33Client alice = server.loggedIn("alice");
        alice.setStatusMessage("busy painting");
        String photo = PicturesConversationTest.fileUrl(alice.uploadPicture(PicturesConversationTest.image("png", 8), "", false).string(1));
        alice.setDisplayPicture(photo);
        Mig33Client carol = server.loggedIn("carol");
        int aliceForCarol = carol.addContact("alice").integer(1, 0);
        alice.awaitPush(PacketType.CONTACT_REQUEST);
        settle(carol);
        assertThat(carol.hasPush(PacketType.STATUS_MESSAGE)).isFalse();

        alice.acceptContactRequest("carol", false, 0);
        assertThat(carol.awaitPush(PacketType.PRESENCE).integer(1, 0)).isEqualTo(aliceForCarol);
        Packet status = carol.awaitPush(PacketType.STATUS_MESSAGE);
        assertThat(status.integer(1, 0)).isEqualTo(aliceForCarol);
        assertThat(status.string(2)).isEqualTo("busy painting");
        assertThat(status.number(3, 0)).isPositive();
        assertThat(carol.awaitPush(PacketType.DISPLAY_PICTURE).string(2)).isEqualTo(photo);

        // and from then on, changes
        alice.setStatusMessage("done");
        assertThat(carol.awaitPush(PacketType.STATUS_MESSAGE).string(2)).isEqualTo("done");
    }

    @Test
    void displayPictureIsPushedAndShownInTheList() {
        Mig33Client bob = server.loggedIn("bob");
        int aliceForBob = entry(bob.contacts(), "alice").integer(1, 0);
        Mig33Client alice = server.loggedIn("alice");
        String photo = PicturesConversationTest.fileUrl(alice.uploadPicture(PicturesConversationTest.image("png", 8), "", false).string(1));
        assertThat(alice.setDisplayPicture(photo).type()).isEqualTo(PacketType.OK);
        Packet pushed = bob.awaitPush(PacketType.DISPLAY_PICTURE);
        assertThat(pushed.integer(1, 0)).isEqualTo(aliceForBob);
        assertThat(pushed.string(2)).isEqualTo(photo);
        Packet listed = entry(bob.contacts(), "alice");
        assertThat(listed.string(28)).isEqualTo(photo);
        assertThat(listed.has(27)).isFalse();
        assertThat(alice.setDisplayPicture("p".repeat(513)).type()).isEqualTo(PacketType.ERROR);
    }

    @Test
    void profileRoundTripAndBadInputIsRefused() {
        Mig33Client alice = server.loggedIn("alice");
        Packet fresh = alice.profile();
        assertThat(fresh.string(12)).isEqualTo("60123456789");
        assertThat(fresh.string(4)).isEmpty();
        assertThat(fresh.has(8)).isFalse();

        Packet update = alice.request(PacketType.UPDATE_USER_PROFILE).string(13, "Back soon").string(12, "+60199999999")
                .string(10, "alice@example.org").int8(9, 2).int64(8, 631_152_000_000L).int32(6, 458)
                .string(5, "Selangor").string(4, "Petaling Jaya").string(3, "Tan").string(2, "Alice")
                .string(1, "Ally").build();
        assertThat(alice.call(update).type()).isEqualTo(PacketType.OK);
        Packet p = alice.profile();
        assertThat(p.string(1)).isEqualTo("Ally");
        assertThat(p.string(2)).isEqualTo("Alice");
        assertThat(p.string(3)).isEqualTo("Tan");
        assertThat(p.string(4)).isEqualTo("Petaling Jaya");
        assertThat(p.string(5)).isEqualTo("Selangor");
        assertThat(p.integer(6, 0)).isEqualTo(458);
        assertThat(p.number(8, 0)).isEqualTo(631_152_000_000L);
        assertThat(p.integer(9, 0)).isEqualTo(2);
        assertThat(p.string(10)).isEqualTo("alice@example.org");
        assertThat(p.string(12)).isEqualTo("+60199999999");
        assertThat(p.string(13)).isEqualTo("Back soon");

        // only the fields sent change
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).string(4, "Kuala Lumpur").build()).type())
                .isEqualTo(PacketType.OK);
        assertThat(alice.profile().string(4)).isEqualTo("Kuala Lumpur");
        assertThat(alice.profile().string(1)).isEqualTo("Ally");

        // bad input: ERROR, and nothing changes
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).string(10, "not-an-address")
                .string(4, "Ipoh").build()).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).int8(9, 7).build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).string(2, "n".repeat(65)).build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).int64(8, System.currentTimeMillis() + 86_400_000L)
                .build()).type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).bytes(6, new byte[3]).build()).type())
                .isEqualTo(PacketType.ERROR);
        assertThat(alice.profile().string(4)).isEqualTo("Kuala Lumpur");
    }

    @Test
    void changedPasswordLogsInAndTheOldOneNoLonger() {
        Mig33Client alice = server.loggedIn("alice");
        Packet wrong = alice.changePassword("NotMyPass1", "N3wSecret");
        assertThat(wrong.type()).isEqualTo(PacketType.ERROR);
        assertThat(wrong.integer(1, 0)).isEqualTo(3);
        assertThat(alice.changePassword(PASSWORD, "short").type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.changePassword(PASSWORD, "nodigitshere").type()).isEqualTo(PacketType.ERROR);
        assertThat(alice.changePassword(PASSWORD, "N3wSecret").type()).isEqualTo(PacketType.OK);
        // the session goes on; the next change needs the new password
        assertThat(alice.changePassword(PASSWORD, "Oth3rSecret").type()).isEqualTo(PacketType.ERROR);
        alice.logout();

        Mig33Client again = server.connect();
        assertThat(again.login("alice", "N3wSecret").type()).isEqualTo(PacketType.LOGIN_OK);
        Mig33Client old = server.connect();
        assertThatThrownBy(() -> old.login("alice", PASSWORD)).isInstanceOf(Mig33Exception.class);
    }

    @Test
    void wrongOldPasswordsCountTowardTheLoginLockout() {
        Mig33Client alice = server.loggedIn("alice");
        for (int i = 0; i < 5; i++) {
            assertThat(alice.changePassword("Guess" + i + "xx", "N3wSecret").integer(1, 0)).isEqualTo(3);
        }
        // locked now: even the right password is refused, here and at login
        Packet refused = alice.changePassword(PASSWORD, "N3wSecret");
        assertThat(refused.type()).isEqualTo(PacketType.ERROR);
        assertThat(refused.string(2)).contains("Too many");
        Mig33Client other = server.connect();
        assertThatThrownBy(() -> other.login("alice", PASSWORD)).isInstanceOf(Mig33Exception.class)
                .hasMessageContaining("Too many");
    }

    @Test
    void setDisplayPictureAcceptsAnyString() {
        // issue #12, 13: only this server's own file references become a display picture
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client carol = server.loggedIn("carol");
        for (String hostile : new String[] {"javascript:alert(1)", "http://tracker.example/pixel.gif?u=alice", "photo/4711",
                "http://127.0.0.1:8080/files/../../etc/passwd"}) {
            Packet refused = alice.setDisplayPicture(hostile);
            assertThat(refused.type()).as(hostile).isEqualTo(PacketType.ERROR);
            assertThat(refused.string(2)).contains("one of your own pictures");
        }
        // someone else's picture is not yours to show
        String carols = carol.uploadPicture(PicturesConversationTest.image("png", 9), "", false).string(1);
        assertThat(alice.setDisplayPicture(carols).type()).isEqualTo(PacketType.ERROR);
        settle(bob);
        assertThat(bob.hasPush(PacketType.DISPLAY_PICTURE)).as("contacts got none of them").isFalse();
        assertThat(entry(bob.contacts(), "alice").has(28)).isFalse();

        // her own picture, by the URL the upload answered or by its token alone: contacts get the URL
        String url = PicturesConversationTest.fileUrl(alice.uploadPicture(PicturesConversationTest.image("png", 10), "", false).string(1));
        assertThat(alice.setDisplayPicture(url).type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.DISPLAY_PICTURE).string(2)).isEqualTo(url);
        String other = PicturesConversationTest.fileUrl(alice.uploadPicture(PicturesConversationTest.image("png", 11), "", false).string(1));
        assertThat(alice.setDisplayPicture(other.substring(other.lastIndexOf('/') + 1)).type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.DISPLAY_PICTURE).string(2)).isEqualTo(other);
        assertThat(entry(bob.contacts(), "alice").string(28)).isEqualTo(other);
        // an empty reference still clears it
        assertThat(alice.setDisplayPicture("").type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.DISPLAY_PICTURE).string(2, "")).isEmpty();
    }

    @Test
    void statusMessagesAcceptNulAnsiAndRightToLeftOverrideCharacters() {
        // issue #12, 13: control and bidi-override characters are stripped from texts others see
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client alice = server.loggedIn("alice");
        assertThat(alice.setStatusMessage("at\0 the \u001b[31mbeach\u202Egpj.exe\u2066\r\n").type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.STATUS_MESSAGE).string(2)).isEqualTo("at the [31mbeachgpj.exe");
        assertThat(entry(bob.contacts(), "alice").string(27)).isEqualTo("at the [31mbeachgpj.exe");

        // profile texts and the away message
        assertThat(alice.call(alice.request(PacketType.UPDATE_USER_PROFILE).string(1, "Al\u202Eice\u0007")
                .string(4, "Kuala\u0000Lumpur").string(13, "\u001b]0;owned\u0007back soon").build()).type())
                .isEqualTo(PacketType.OK);
        Packet profile = alice.profile();
        assertThat(profile.string(1)).isEqualTo("Alice");
        assertThat(profile.string(4)).isEqualTo("KualaLumpur");
        assertThat(profile.string(13)).isEqualTo("]0;ownedback soon");

        // messages keep their line breaks, lose the rest
        assertThat(alice.sendMessage("bob", "line one\nline\u0000 two\u202E").type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("line one\nline two");

        // a user-made room's description and keywords
        Packet room = alice.createChatRoom("Beach", "sun\u202E and \u001bsand", "sea\u2067", true);
        assertThat(room.type()).isNotEqualTo(PacketType.ERROR);
        Packet listed = bob.chatRooms("beach", 1).get(0);
        assertThat(listed.string(1)).isEqualTo("Beach");
        assertThat(listed.string(2)).isEqualTo("sun and sand");
    }
}
