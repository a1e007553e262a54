package dev.revenant.mig33.codec;

import static dev.revenant.mig33.codec.WireBytes.assertBytes;
import static dev.revenant.mig33.codec.WireBytes.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/**
 * Every table of the seed ({@code seeds/mig33-server-packets.txt} §6.1–6.13), byte for byte. The expected
 * bytes are written from the seed's tables by hand: the header of spec §1, then each block of the table
 * in the table's order (marker, length, content).
 */
class SeedPacketsTest {

    @Test
    void errorMessage_6_1() {
        assertBytes(ServerPackets.error(7, 1, "Oops"), """
                02 0000 0007 00000012   |magic, type 0 ERROR, txn 7, 18 bytes|
                0002 00000004 4F6F7073  |MARK_ERROR, ERROR_LEN, ERROR_STRING|
                0001 00000002 0001      |MARK_UNKNOWN, UNKNOWN_LEN 2, UNKNOWN (code 1)|
                """);
    }

    @Test
    void loginNotify_6_2() {
        assertBytes(ServerPackets.loginNotify(1, "Busy"), """
                02 0000 0001 0000000A
                0002 00000004 42757379  |X1, TEXT_LEN1, NOTICE_STRING|
                """);
    }

    @Test
    void loginBadResponse_6_3() {
        assertBytes(ServerPackets.loginBadResponse(2, "No"), """
                02 0000 0002 00000010
                0002 00000002 4E6F      |X1, TEXT_LEN1, ERROR_STRING|
                0001 00000002 0001      |X2, X3 = 00 00 00 02, X4 = 00 01|
                """);
    }

    @Test
    void registerOk_6_4() {
        assertBytes(ServerPackets.registerOk(1, "Hi"), """
                02 0001 0001 00000008
                0001 00000002 4869      |X1, WELCOMEMSG_LEN, WELCOMEMSG|
                """);
    }

    @Test
    void keepAliveResponse_6_5_echoesTheSequenceNumber() {
        assertBytes(ServerPackets.pong(0x1234), "02 0003 1234 00000000");
    }

    @Test
    void loginChallenge_6_6() {
        assertBytes(ServerPackets.loginChallenge(1, "s1", "abc123"), """
                02 00C9 0001 00000014
                0002 00000002 7331          |X1, TEXT_LEN1, X2 (session id "s1")|
                0001 00000006 616263313233  |X1, TEXT_LEN2, HASH_STRING "abc123"|
                """);
    }

    @Test
    void loginOk_6_7_withAndWithoutTheExchangeRateBlock() {
        var ok = new ServerPackets.LoginOk("1.0", "USD", "1.2.3.4", 3, "Hi", false, "6012");
        assertBytes(ServerPackets.loginOk(2, ok), """
                02 00CB 0002 00000050
                000C 00000003 312E30      |BLOCK_EXCHANGE_RATE "1.0"|
                000B 00000003 555344      |X2, CURRENCY_LEN, "USD"|
                000A 00000007 312E322E332E34 |X3, UNKNOWN_IP_LEN, IP_ADDRESS|
                0009 00000004 00000003    |X4, X5, X6|
                0008 00000001 00          |X7, X8, X9|
                0006 00000001 00          |X10, X11, X12|
                0003 00000002 4869        |X13, MOTD_LEN, MOTD|
                0002 00000001 00          |X14, X15, X16/X17 read as length 1, value 0|
                0001 00000004 36303132    |MOBILE_NUM_LEN, MOBILE_NUM|
                """);
        var noRate = new ServerPackets.LoginOk("", "USD", "", 3, "", false, "");
        byte[] bytes = encode(ServerPackets.loginOk(2, noRate));
        assertThat(Hex.of(bytes)).startsWith("02 00 cb 00 02 00 00 00 3a 00 0b 00 00 00 03 55 53 44 00 0a 00 00 00 00");
    }

    @Test
    void contactListGroup_6_8() {
        assertBytes(ServerPackets.group(3, "mig33 Contacts", 5), """
                02 0191 0003 0000001E
                0002 0000000E 6D6967333320436F6E7461637473  |MARK_GROUPNAME, GROUPNAME_LEN, "mig33 Contacts"|
                0001 00000004 00000005                      |MARK_ID, ID_LEN 4, ID|
                """);
    }

    @Test
    void contactListBuddy_6_9() {
        assertBytes(ServerPackets.contact(3, "Bob", 0x63, 5, "bob", 9), """
                02 0192 0003 00000034
                0019 00000001 00        |MARK_UNKNOWN, UNKNOWN_LEN 1, 0|
                0003 00000003 426F62    |MARK_USERNAME (display name)|
                000D 00000001 63        |MARK_STATUS, 0x63 offline|
                0002 00000004 00000005  |MARK_GROUP_ID|
                000C 00000003 626F62    |MARK_BUDDY_NAME|
                0001 00000004 00000009  |MARK_BUDDY_ID|
                """);
    }

    @Test
    void contactListTerminator_6_10() {
        assertBytes(ServerPackets.contactsComplete(3), "02 0193 0003 00000000");
    }

    @Test
    void contactStatusChange_6_11_isAPush() {
        assertBytes(ServerPackets.presence(9, 1), """
                02 0194 0000 00000011
                0002 00000001 01        |MARK_STATUS, 0x01 online|
                0001 00000004 00000009  |MARK_BUDDY_ID|
                """);
    }

    @Test
    void receivedMessage_6_12_isAPush() {
        var m = new ServerPackets.IncomingMessage(1, "alice", 1, "bob", 1, "hi", null, 0);
        assertBytes(ServerPackets.message(m), """
                02 01F4 0000 00000032
                0008 00000002 6869        |MARK_MSG|
                0006 00000002 0001        |MARK_X1, X2_LEN 2, X3|
                0004 00000003 626F62      |MARK_DESTINATION|
                0003 00000001 01          |MARK_X4, X5_LEN, X6 (01 user, 03 room)|
                0002 00000005 616C696365  |MARK_USER|
                0001 00000001 01          |MARK_X7, X8_LEN, X9 = 01|
                """);
    }

    @Test
    void receivedMessage_6_12_carriesGuidAndTimestampAfterTheSeedFields() {
        var m = new ServerPackets.IncomingMessage(9, "alice", 1, "bob", 1, "hi", "g1", 0x0102030405L);
        byte[] bytes = encode(ServerPackets.message(m));
        assertThat(Hex.of(bytes)).endsWith(Hex.of(Hex.bytes("""
                0001 00000001 09
                000F 00000002 6731
                0010 00000008 0000000102030405
                """)));
    }

    @Test
    void receivedSystemMessage_6_13() {
        assertBytes(ServerPackets.fileReceived("http://x/1", "pic", "al"), """
                02 01F6 0000 00000028
                0005 0000000A 687474703A2F2F782F31  |MARK_DATA (URL)|
                0004 00000003 706963                |MARK_DESC|
                0002 00000002 616C                  |MARK_INVOKER|
                0001 00000001 01                    |MARK_UNKNOWN, always 01|
                """);
    }
}
