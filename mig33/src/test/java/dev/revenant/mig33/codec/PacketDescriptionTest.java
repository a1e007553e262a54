package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-line description names packets and fields as spec §9 does and reads each value by its §9 type. */
class PacketDescriptionTest {

    @Test
    void theCatalogueHoldsEverySection9Row() {
        // §9 lists 166 packet types; a row lost from the table would leave a packet unnamed
        assertThat(PacketCatalogue.entries()).hasSize(166);
        PacketCatalogue.Entry login = PacketCatalogue.entry(PacketType.LOGIN);
        assertThat(login.name()).isEqualTo("LOGIN");
        assertThat(login.direction()).isEqualTo(PacketCatalogue.Direction.CLIENT_TO_SERVER);
        assertThat(login.fields()).hasSize(26);
        assertThat(login.field(9)).isEqualTo(new PacketCatalogue.FieldSpec(9, "InitialPresence", "int8"));
        assertThat(PacketCatalogue.entry(PacketType.MESSAGE).direction()).isEqualTo(PacketCatalogue.Direction.BOTH);
        assertThat(PacketCatalogue.entry(PacketType.PING).fields()).isEmpty();
        // a type whose text holds the field separator still splits into its own fields
        PacketCatalogue.Entry participants = PacketCatalogue.entry(PacketType.CHATROOM_PARTICIPANTS);
        assertThat(participants.fields()).containsOnlyKeys(1, 2, 3, 4);
        assertThat(participants.field(2).type()).isEqualTo("string/string, items separated by ';' (trailing sep)");
        assertThat(PacketCatalogue.entry(424).direction()).isEqualTo(PacketCatalogue.Direction.UNKNOWN);
        assertThat(PacketCatalogue.entry(1234)).isNull();
    }

    @Test
    void loginOkAsTheServerWritesIt() {
        Packet ok = ServerPackets.loginOk(2, new ServerPackets.LoginOk("1.0", "USD", "voice.example", 77,
                "Welcome \"back\"\nfriend", true, ""));
        assertThat(PacketDescription.describe(ok)).isEqualTo("LOGIN_OK (203) txn=2 {12 ExchangeRate=\"1.0\", "
                + "11 Currency=\"USD\", 10 AsteriskServer=\"voice.example\", 9 AsteriskId=77, 8 YahooDetail=0, "
                + "6 MSNDetail=0, 3 Alert=\"Welcome \\\"back\\\"\\nfriend\", 2 MobileVerified=1, 1 MobilePhone=\"\"}");
    }

    @Test
    void challengeContactAndPush() {
        assertThat(PacketDescription.describe(ServerPackets.loginChallenge(1, "S1", "abc")))
                .isEqualTo("LOGIN_CHALLENGE (201) txn=1 {2 SessionId=\"S1\", 1 Challenge=\"abc\"}");
        assertThat(PacketDescription.describe(ServerPackets.contact(4, "Bob", 1, 7, "bob", 300)))
                .isEqualTo("CONTACT (402) txn=4 {25 IsVoiceCapable=0, 3 DisplayName=\"Bob\", 13 FusionPresence=1, "
                        + "2 GroupId=7, 12 FusionUsername=\"bob\", 1 ContactId=300}");
        assertThat(PacketDescription.describe(ServerPackets.contactListVersion(5, 9, 1_700_000_000_000L)))
                .isEqualTo("CONTACT_LIST_VERSION (420) txn=5 {2 Timestamp=1700000000000, 1 Version=9}");
        assertThat(PacketDescription.describe(ServerPackets.pong(3))).isEqualTo("PONG (3) txn=3 {}");
        assertThat(PacketDescription.describe(ServerPackets.error(6, ServerPackets.ERROR_INCORRECT_CREDENTIAL, "no")))
                .isEqualTo("ERROR (0) txn=6 {2 ErrorDescription=\"no\", 1 ErrorNumber=3}");
    }

    @Test
    void numbersAreReadByTheirLength() {
        // LOGIN 9 (InitialPresence) is int8 in §9, but old MIDlets send 4 bytes (spec §2); -1 as int16 stays signed
        Packet login = Packet.of(PacketType.LOGIN, 1).int32(9, 3).int8(2, 200).int16(1, -1).int64(12, 1L << 40)
                .bytes(3, new byte[] {0, 0, 1}).build();
        assertThat(PacketDescription.describe(login)).isEqualTo("LOGIN (200) txn=1 {9 InitialPresence=3, "
                + "2 ClientType=200, 1 ProtocolVersion=-1, 12 ScreenWidth=1099511627776, "
                + "3 ClientVersion=<3 bytes: 00 00 01> (not a number: 3 bytes)}");
        List<PacketDescription.FieldValue> fields = PacketDescription.fields(login);
        assertThat(fields.get(0).value()).isEqualTo(3L);
        assertThat(fields.get(0).shape()).isEqualTo(PacketDescription.Shape.NUMBER);
        assertThat(fields.get(4).shape()).isEqualTo(PacketDescription.Shape.BYTES);
        assertThat(fields.get(4).value()).isEqualTo("000001");
    }

    @Test
    void bytesListsAndUnknowns() {
        byte[] picture = new byte[40];
        for (int i = 0; i < picture.length; i++) {
            picture[i] = (byte) (0xF0 + i);
        }
        Packet upload = Packet.of(PacketType.UPLOAD_FILE, 8).bytes(2, picture).int16(4, 12).string(3, "x").build();
        assertThat(PacketDescription.describe(upload)).isEqualTo("UPLOAD_FILE (504) txn=8 {2 Content=<40 bytes: "
                + "f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff …>, 4 Destination=12, 3 Description=\"x\"}");
        // the same field as a name (newer clients)
        assertThat(PacketDescription.describe(Packet.of(PacketType.UPLOAD_FILE, 9).string(4, "bob").build()))
                .isEqualTo("UPLOAD_FILE (504) txn=9 {4 Destination=\"bob\"}");

        Packet contact = Packet.of(PacketType.CONTACT, 0).string(33, "msn:a\0yahoo:b\0").build();
        assertThat(PacketDescription.describe(contact))
                .isEqualTo("CONTACT (402) txn=0 {33 IMUsernames=[\"msn:a\", \"yahoo:b\", \"\"]}");
        assertThat(PacketDescription.fields(contact).get(0).value()).isEqualTo(List.of("msn:a", "yahoo:b", ""));

        Packet unknownField = Packet.of(PacketType.PING, 4).string(7, "hi").int16(8, 5).build();
        assertThat(PacketDescription.describe(unknownField)).isEqualTo("PING (2) txn=4 {7=\"hi\", 8=<2 bytes: 00 05>}");
        assertThat(PacketDescription.fields(unknownField).get(0).name()).isNull();

        assertThat(PacketDescription.describe(Packet.of(1234, 5).int8(1, 1).build()))
                .isEqualTo("UNKNOWN (1234) txn=5 {1=<1 byte: 01>}");
    }

    @Test
    void stringsAreEscapedAndLongOnesCut() {
        Packet text = Packet.of(PacketType.MESSAGE, 2).string(8, "tab\there\\ \u0001 ünï").build();
        assertThat(PacketDescription.describe(text))
                .isEqualTo("MESSAGE (500) txn=2 {8 ContentAsString=\"tab\\there\\\\ \\u0001 ünï\"}");
        Packet notUtf8 = Packet.of(PacketType.MESSAGE, 2).bytes(2, new byte[] {(byte) 0xC3}).build();
        assertThat(PacketDescription.describe(notUtf8)).isEqualTo("MESSAGE (500) txn=2 {2 Source=<1 byte: c3> (not string)}");
        String longText = "a".repeat(500);
        Packet longMessage = Packet.of(PacketType.MESSAGE, 2).string(8, longText).build();
        assertThat(PacketDescription.describe(longMessage))
                .isEqualTo("MESSAGE (500) txn=2 {8 ContentAsString=\"" + "a".repeat(160) + "\"…(500 chars)}");
        assertThat(PacketDescription.fields(longMessage).get(0).value()).isEqualTo(longText);
    }
}
