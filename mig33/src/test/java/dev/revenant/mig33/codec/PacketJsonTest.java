package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON form of packets (the original's FusionPacket JSON): written and read by §9's field types. */
class PacketJsonTest {

    @Test
    void serverPacketsAreWrittenWithTheirFieldsTyped() {
        assertThat(PacketJson.write(ServerPackets.loginChallenge(1, "S1", "abc")))
                .isEqualTo("{\"T\":201,\"I\":1,\"F\":{\"2\":\"S1\",\"1\":\"abc\"}}");
        // no fields: no F
        assertThat(PacketJson.write(ServerPackets.pong(3))).isEqualTo("{\"T\":3,\"I\":3}");
        // bool as true/false, int8 and int32 as numbers, strings as strings
        assertThat(PacketJson.write(ServerPackets.contact(4, "Bob", 1, 7, "bob", 300)))
                .isEqualTo("{\"T\":402,\"I\":4,\"F\":{\"25\":false,\"3\":\"Bob\",\"13\":1,\"2\":7,\"12\":\"bob\",\"1\":300}}");
        assertThat(PacketJson.write(ServerPackets.error(6, ServerPackets.ERROR_INCORRECT_CREDENTIAL, "no")))
                .isEqualTo("{\"T\":0,\"I\":6,\"F\":{\"2\":\"no\",\"1\":3}}");
        assertThat(PacketJson.write(ServerPackets.contactListVersion(5, 9, 1_700_000_000_000L)))
                .isEqualTo("{\"T\":420,\"I\":5,\"F\":{\"2\":1700000000000,\"1\":9}}");
    }

    @Test
    void bytesAreBase64AndNulSeparatedListsAreArrays() {
        Packet contact = Packet.of(PacketType.CONTACT, 2).bytes(31, new byte[] {1, 2, (byte) 0xFF})
                .string(33, "msn:a\0yahoo:b").build();
        String json = PacketJson.write(contact);
        assertThat(json).isEqualTo("{\"T\":402,\"I\":2,\"F\":{\"31\":\"AQL/\",\"33\":[\"msn:a\",\"yahoo:b\"]}}");
        assertThat(wire(single(json))).isEqualTo(wire(contact));
    }

    @Test
    void aLoginReadsAsTheBinaryFormWouldCarryIt() {
        Packet login = single("{\"T\":200,\"I\":1,\"F\":{\"1\":3,\"2\":1,\"3\":462,\"5\":\"alice\",\"9\":1,\"10\":0,"
                + "\"19\":true}}");
        assertThat(login.type()).isEqualTo(PacketType.LOGIN);
        assertThat(login.txn()).isEqualTo(1);
        // each number at §9's width: int16, int8, int16, ... ; a bool as one byte, 0/1 taken too
        assertThat(login.raw(1)).containsExactly(0, 3);
        assertThat(login.raw(2)).containsExactly(1);
        assertThat(login.raw(3)).containsExactly(0x01, 0xCE);
        assertThat(login.string(5)).isEqualTo("alice");
        assertThat(login.raw(10)).containsExactly(0);
        assertThat(login.raw(19)).containsExactly(1);
        Request decoded = Requests.decode(login);
        assertThat(decoded).isInstanceOf(Request.Login.class);
        assertThat(((Request.Login) decoded).username()).isEqualTo("alice");
    }

    @Test
    void everyServerPacketSurvivesTheRoundTrip() {
        List<Packet> packets = List.of(ServerPackets.loginChallenge(1, "S1", "abc"),
                ServerPackets.contact(4, "Bob", 1, 7, "bob", 300, "away", "pic"),
                ServerPackets.error(6, ServerPackets.ERROR_INCORRECT_CREDENTIAL, "no"),
                ServerPackets.contactListVersion(5, 9, 1_700_000_000_000L),
                Packet.of(PacketType.LOGIN_OK, 2).bool(2, true).int8(27, 200).int64(43, -5L).build(),
                Packet.of(PacketType.UPLOAD_FILE, 3).bytes(2, new byte[] {0, 1, 2}).string(4, "bob").build(),
                Packet.of(PacketType.UPLOAD_FILE, 3).int16(4, 7).build(),
                Packet.of(506, 1).bytes(8, new byte[16]).build(),
                ServerPackets.pong(7));
        String json = PacketJson.write(packets);
        assertThat(json).startsWith("[{\"T\":201");
        List<Packet> back = PacketJson.read(json);
        assertThat(back).hasSameSizeAs(packets);
        for (int i = 0; i < packets.size(); i++) {
            assertThat(wire(back.get(i))).as(PacketDescription.describe(packets.get(i))).isEqualTo(wire(packets.get(i)));
        }
    }

    @Test
    void aPictureMessageCarriesItsBytesInBase64() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0};
        Packet message = Packet.of(PacketType.MESSAGE, 9).int8(1, 1).int8(3, 1).string(4, "bob").int16(6, 2)
                .bytes(8, png).build();
        String json = PacketJson.write(message);
        assertThat(json).contains("\"8\":\"iVBORwAA\"");
        assertThat(single(json).raw(8)).isEqualTo(png);
        // text stays text
        assertThat(PacketJson.write(Packet.of(PacketType.MESSAGE, 9).int16(6, 1).string(8, "hi").build()))
                .contains("\"8\":\"hi\"");
        // the content type may come after the content in F
        assertThat(single("{\"T\":500,\"I\":1,\"F\":{\"8\":\"iVBORwAA\",\"6\":2}}").raw(8)).isEqualTo(png);
    }

    @Test
    void fieldsAndTypesTheCatalogueDoesNotListAreReadByTheirJsonType() {
        Packet p = single("{\"T\":4321,\"I\":2,\"F\":{\"1\":\"x\",\"2\":5,\"3\":true,\"4\":5000000000,\"5\":[\"a\",\"b\"]}}");
        assertThat(p.type()).isEqualTo(4321);
        assertThat(p.string(1)).isEqualTo("x");
        assertThat(p.raw(2)).containsExactly(0, 0, 0, 5);
        assertThat(p.raw(3)).containsExactly(1);
        assertThat(p.number(4, 0)).isEqualTo(5_000_000_000L);
        assertThat(p.raw(5)).isEqualTo("a\0b".getBytes(StandardCharsets.UTF_8));
        // written back: text as text, other bytes as base64
        assertThat(PacketJson.write(Packet.of(4321, 1).string(1, "x").bytes(2, new byte[] {0, 5}).build()))
                .isEqualTo("{\"T\":4321,\"I\":1,\"F\":{\"1\":\"x\",\"2\":\"AAU=\"}}");
        // no I: a transaction id of 0
        assertThat(single("{\"T\":2}").txn()).isZero();
    }

    @Test
    void whatIsNotAPacketIsRefusedWithAReason() {
        assertRefused("{\"T\":200", "not JSON");
        assertRefused("", "empty");
        assertRefused("42", "a packet is a JSON object, not number");
        assertRefused("[{\"T\":2},\"x\"]", "a packet is a JSON object, not string");
        assertRefused("{\"I\":1}", "T is missing");
        assertRefused("{\"T\":\"200\"}", "T must be a whole number");
        assertRefused("{\"T\":2,\"I\":70000}", "I must be a whole number 0..65535");
        assertRefused("{\"T\":2,\"I\":1.5}", "I must be a whole number");
        assertRefused("{\"T\":2,\"X\":1}", "unknown member \"X\"");
        assertRefused("{\"T\":2,\"F\":[]}", "F of packet 2 must be an object");
        assertRefused("{\"T\":601,\"F\":{\"one\":\"x\"}}", "field \"one\" of packet 601 is not a field number");
        assertRefused("{\"T\":601,\"F\":{\"70000\":\"x\"}}", "is not a field number");
        // a value that does not fit its field's type
        assertRefused("{\"T\":601,\"F\":{\"1\":5}}", "field 1 of packet 601 must be a string, not 5");
        assertRefused("{\"T\":600,\"F\":{\"1\":\"online\"}}", "field 1 of packet 600 must be a whole number -128..255");
        assertRefused("{\"T\":600,\"F\":{\"1\":300}}", "field 1 of packet 600 must be a whole number -128..255, not 300");
        assertRefused("{\"T\":200,\"F\":{\"10\":2}}", "field 10 of packet 200 must be true or false");
        assertRefused("{\"T\":504,\"F\":{\"2\":\"not base64!\"}}", "field 2 of packet 504 must be base64");
        assertRefused("{\"T\":402,\"F\":{\"33\":[1]}}", "must be an array of strings");
        assertRefused("{\"T\":4321,\"F\":{\"1\":{}}}", "must be a string, number, boolean or array of strings");
    }

    private static void assertRefused(String json, String reason) {
        assertThatThrownBy(() -> PacketJson.read(json)).isInstanceOf(PacketJson.MalformedJsonException.class)
                .hasMessageContaining(reason);
    }

    private static Packet single(String json) {
        List<Packet> packets = PacketJson.read(json);
        assertThat(packets).hasSize(1);
        return packets.get(0);
    }

    private static String wire(Packet p) {
        ByteBuf buf = Unpooled.buffer();
        PacketCodec.write(p, buf);
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }
}
