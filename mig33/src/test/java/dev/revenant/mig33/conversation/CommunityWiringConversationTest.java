package dev.revenant.mig33.conversation;

import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.entry;
import static dev.revenant.mig33.conversation.ContactRequestsConversationTest.settle;
import static dev.revenant.mig33.conversation.PicturesConversationTest.image;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the community features meet: a block stops pictures and group-chat invitations as it stops
 * messages, without telling the blocked user; an uploaded display picture reaches contacts like one set
 * with SET_DISPLAY_PICTURE.
 */
class CommunityWiringConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    @BeforeEach
    void start() {
        server = new Mig33TestServer(dir, Mig33Config.defaults());
        server.register("alice", "bob", "carol");
        for (String[] pair : new String[][] {{"alice", "bob"}, {"bob", "alice"}, {"alice", "carol"}, {"carol", "alice"}}) {
            server.admin().addContact(pair[0], pair[1], null, null);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBlockedSendersPictureGetsTheUsualOkAndGoesNowhere() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        assertThat(bob.setPermission("alice", 2).type()).isEqualTo(PacketType.OK);
        long before = server.gateway().context().pictures().count();

        Packet ok = alice.sendPicture("bob", image("png", 10));
        assertThat(ok.type()).as("the sender is not told").isEqualTo(PacketType.OK);
        assertThat(ok.string(1)).isNotBlank();
        settle(bob);
        assertThat(bob.hasPush(PacketType.FILE_RECEIVED)).isFalse();
        assertThat(server.gateway().context().pictures().count()).as("nothing stored").isEqualTo(before);

        // not kept for later either
        bob.logout();
        alice.sendPicture("bob", image("png", 11));
        Mig33Client bobAgain = server.loggedIn("bob");
        bobAgain.contacts();
        settle(bobAgain);
        assertThat(bobAgain.hasPush(PacketType.FILE_RECEIVED)).isFalse();
    }

    @Test
    void aUserWhoBlocksTheInviterIsLeftOutAsIfOffline() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        Mig33Client carol = server.loggedIn("carol");
        bob.contacts();
        carol.contacts();
        assertThat(bob.setPermission("alice", 2).type()).isEqualTo(PacketType.OK);

        Packet alone = alice.createGroupChat("bob");
        assertThat(alone.type()).isEqualTo(PacketType.ERROR);
        assertThat(alone.string(2)).as("the same answer as for an offline contact").isEqualTo("None of the invited contacts is online");

        Packet chat = alice.createGroupChat("bob", "carol");
        assertThat(chat.type()).isEqualTo(PacketType.GROUP_CHAT);
        String id = chat.string(1);
        assertThat(carol.awaitPush(PacketType.GROUP_CHAT).string(1)).isEqualTo(id);
        assertThat(alice.groupChatParticipants(id).string(2)).isEqualTo("alice;carol;");
        settle(bob);
        assertThat(bob.hasPush(PacketType.GROUP_CHAT)).isFalse();
        // an invitation into the running chat is left out the same way
        assertThat(alice.inviteToGroupChat(id, "bob").type()).isEqualTo(PacketType.ERROR);
        settle(bob);
        assertThat(bob.hasPush(PacketType.GROUP_CHAT)).isFalse();
    }

    @Test
    void anUploadedDisplayPictureReachesContactsAndTheirLists() {
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Packet ok = alice.uploadPicture(image("png", 16), "me", true);
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        // the OK names the picture's page; contacts get the picture's own URL
        String url = PicturesConversationTest.fileUrl(ok.string(1));

        Packet pushed = bob.awaitPush(PacketType.DISPLAY_PICTURE);
        assertThat(pushed.string(2)).isEqualTo(url);
        assertThat(entry(bob.contacts(), "alice").string(28)).as("CONTACT field 28").isEqualTo(url);
    }
}
