package dev.revenant.mig33.codec;

import static dev.revenant.mig33.codec.WireBytes.assertBytes;
import static dev.revenant.mig33.codec.WireBytes.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/** The room packets the server writes (spec §9 rows 701–717): descending field ids, the table's widths. */
class ChatRoomPacketsTest {

    @Test
    void chatRoom701() {
        assertBytes(ServerPackets.chatRoom(4, new ServerPackets.ChatRoomEntry("KL", "Hi", 50, 2, false, 4, true, 7, "bo")), """
                02 02BD 0004 0000004C
                000A 00000002 626F     |10 creator "bo"|
                0009 00000004 00000007 |9 room id|
                0007 00000001 01       |7 user owned|
                0006 00000002 0004     |6 category int16|
                0005 00000001 00       |5 adult only|
                0004 00000004 00000002 |4 size|
                0003 00000004 00000032 |3 maximum size 50|
                0002 00000002 4869     |2 description "Hi"|
                0001 00000002 4B4C     |1 name "KL"|
                """);
    }

    @Test
    void listEndParticipantsAndCategories() {
        assertBytes(ServerPackets.chatRoomsComplete(9, 3, "ok"), """
                02 02BE 0009 0000000F
                0002 00000002 6F6B |2 info text|
                0001 00000001 03   |1 pages int8|
                """);
        assertBytes(ServerPackets.chatRoomParticipants(5, "R", "a;b;", "a;", ""), """
                02 02C4 0005 0000001F
                0004 00000000          |4 muted, empty|
                0003 00000002 613B     |3 administrators "a;"|
                0002 00000004 613B623B |2 participants "a;b;"|
                0001 00000001 52       |1 room "R"|
                """);
        assertBytes(ServerPackets.chatRoomCategory(6, 1, "F", false, true), """
                02 02CA 0006 00000024
                0005 00000001 01   |5 items can be deleted|
                0004 00000001 00   |4 collapse|
                0003 00000001 01   |3 refresh method|
                0002 00000001 46   |2 name "F"|
                0001 00000002 0001 |1 category id int16|
                """);
        assertBytes(ServerPackets.chatRoomCategoriesComplete(6), "02 02CB 0006 00000000");
        assertBytes(ServerPackets.categorizedChatRoomsComplete(8, "x"), """
                02 02CD 0008 00000007
                0001 00000001 78 |1 footer|
                """);
    }

    @Test
    void aPacketWrittenToManyConnectionsWritesTheSameBytesEveryTime() {
        Packet line = ServerPackets.message(new ServerPackets.IncomingMessage(1, "Lobby", 3, "Lobby", 1,
                "alice has entered", null, 0));
        byte[] first = encode(line);
        assertThat(encode(line)).as("written again, to a second connection").isEqualTo(first);
        assertThat(PacketCodec.read(io.netty.buffer.Unpooled.wrappedBuffer(first), PacketCodec.DEFAULT_MAX_CONTENT)
                .fields()).usingRecursiveFieldByFieldElementComparator().isEqualTo(line.fields());
    }
}
