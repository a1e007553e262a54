package dev.revenant.mig33.codec;

import static dev.revenant.mig33.codec.WireBytes.assertBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server packets of contact requests, privacy and status (spec §9 rows 412–425), byte for byte. The
 * seed does not cover them, so their fields follow in descending id order; CONTACT keeps the seed's
 * table and adds fields 27 and 28 after it.
 */
class ContactPrivacyPacketsTest {

    @Test
    void contactWithStatusMessageAndDisplayPictureKeepsTheSeedsFieldsFirst() {
        assertBytes(ServerPackets.contact(3, "Bob", 1, 5, "bob", 9, "Hi", "p/1"), """
                02 0192 0003 00000045
                0019 00000001 00        |seed 6.9 fields, as in SeedPacketsTest|
                0003 00000003 426F62
                000D 00000001 01
                0002 00000004 00000005
                000C 00000003 626F62
                0001 00000004 00000009
                001B 00000002 4869      |27 status message|
                001C 00000003 702F31    |28 display picture|
                """);
        // neither set: exactly the seed's packet
        assertThat(ServerPackets.contact(3, "Bob", 1, 5, "bob", 9, null, "").fields())
                .extracting(Packet.Field::id).containsExactly(25, 3, 13, 2, 12, 1);
    }

    @Test
    void contactRequest() {
        assertBytes(ServerPackets.contactRequest(0, "ann"), """
                02 019C 0000 00000009
                0001 00000003 616E6E    |1 username|
                """);
    }

    @Test
    void permissionListHasTrailingSemicolons() {
        assertBytes(ServerPackets.permissionList(4, List.of("al"), List.of("bo", "cy")), """
                02 01A0 0004 00000015
                0002 00000006 626F3B63793B  |2 block list "bo;cy;"|
                0001 00000003 616C3B        |1 allow list "al;"|
                """);
    }

    @Test
    void statusMessageAndDisplayPicture() {
        assertBytes(ServerPackets.statusMessage(9, "Hi", 1L), """
                02 01A5 0000 00000020
                0003 00000008 0000000000000001  |3 timestamp int64|
                0002 00000002 4869              |2 text|
                0001 00000004 00000009          |1 contact id|
                """);
        assertBytes(ServerPackets.displayPicture(9, "p", 2L), """
                02 01A7 0000 0000001F
                0003 00000008 0000000000000002
                0002 00000001 70
                0001 00000004 00000009
                """);
    }
}
