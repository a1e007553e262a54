package dev.revenant.mig33.codec;

import static dev.revenant.mig33.codec.WireBytes.assertBytes;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/**
 * The group-chat packets (spec §9 rows 750, 755, 756), which the seed does not cover: fields in
 * descending id order with the widths of the reference, byte for byte.
 */
class GroupChatPacketsTest {

    @Test
    void groupChat_750() {
        assertBytes(ServerPackets.groupChat(4, "g1", "al", 1), """
                02 02EE 0004 00000017   |magic, type 750, txn 4, 23 bytes|
                0003 00000001 01        |IMType int8|
                0002 00000002 616C      |Creator "al"|
                0001 00000002 6731      |GroupChatId "g1"|
                """);
    }

    @Test
    void groupChatParticipants_755() {
        assertBytes(ServerPackets.groupChatParticipants(5, "g1", "a;b;", "", 1), """
                02 02F3 0005 0000001F   |type 755, txn 5, 31 bytes|
                0005 00000001 01        |ImType int8|
                0004 00000000           |MutedList, empty|
                0002 00000004 613B623B  |Participants "a;b;"|
                0001 00000002 6731      |GroupChatId|
                """);
    }

    @Test
    void groupChatUserStatus_756() {
        assertBytes(ServerPackets.groupChatUserStatus(2, "g1", "bo", 0), """
                02 02F4 0000 0000001E   |type 756, pushed (txn 0), 30 bytes|
                0004 00000001 00        |UserType int8 normal|
                0003 00000002 626F      |FusionUserName "bo"|
                0002 00000002 6731      |ChatRoomName = the group chat id|
                0001 00000001 02        |UserStatusType int8: left|
                """);
    }
}
