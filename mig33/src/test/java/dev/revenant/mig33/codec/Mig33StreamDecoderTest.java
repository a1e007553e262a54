package dev.revenant.mig33.codec;

import static dev.revenant.mig33.codec.WireBytes.encode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One direction of a stream, fed in any cut, gives the packets the encoder wrote and a line for what is not mig33. */
class Mig33StreamDecoderTest {
    private static final Packet CHALLENGE = ServerPackets.loginChallenge(1, "S1", "abc");
    private static final Packet PONG = ServerPackets.pong(2);
    private static final Packet CONTACT = ServerPackets.contact(3, "Bob", 1, 7, "bob", 300);

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<String> lines(List<Mig33StreamDecoder.Item> items) {
        List<String> out = new ArrayList<>();
        for (Mig33StreamDecoder.Item i : items) {
            out.add(i.offset() + " " + (i instanceof Mig33StreamDecoder.Frame f
                    ? PacketDescription.describe(f.packet()) : "! " + ((Mig33StreamDecoder.Problem) i).message()));
        }
        return out;
    }

    @Test
    void everyCutOfTheStreamGivesTheSamePackets() {
        byte[] stream = concat(encode(CHALLENGE), encode(PONG), encode(CONTACT));
        List<String> expected = List.of("0 " + PacketDescription.describe(CHALLENGE),
                encode(CHALLENGE).length + " " + PacketDescription.describe(PONG),
                (encode(CHALLENGE).length + 9) + " " + PacketDescription.describe(CONTACT));
        for (int cut = 1; cut < stream.length; cut++) {
            Mig33StreamDecoder d = new Mig33StreamDecoder();
            List<Mig33StreamDecoder.Item> items = new ArrayList<>(d.feed(Arrays.copyOfRange(stream, 0, cut)));
            items.addAll(d.feed(stream, cut, stream.length - cut));
            items.addAll(d.finish());
            assertThat(lines(items)).as("cut at %d", cut).isEqualTo(expected);
        }
        // and byte by byte
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>();
        for (byte b : stream) {
            items.addAll(d.feed(new byte[] {b}));
        }
        assertThat(lines(items)).isEqualTo(expected);
        assertThat(d.position()).isEqualTo(stream.length);
    }

    @Test
    void aBadMagicIsOneLineAndTheNextPacketIsFound() {
        byte[] junk = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>(d.feed(concat(encode(PONG), junk, encode(CHALLENGE))));
        items.addAll(d.finish());
        assertThat(lines(items)).containsExactly("0 PONG (3) txn=2 {}",
                "9 ! bad magic 0x47 at byte 9; skipped 18 bytes to the next packet header at byte 27",
                "27 " + PacketDescription.describe(CHALLENGE));
    }

    @Test
    void trafficThatIsNotMig33IsReportedOnceAtTheEnd() {
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>(
                d.feed("EHLO mail.example\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(items).isEmpty();
        items.addAll(d.finish());
        assertThat(lines(items)).containsExactly("0 ! bad magic 0x45 at byte 0; no packet header in the last 19 bytes");
    }

    @Test
    void aFieldThatOverrunsItsPacketIsReportedAndSteppedOver() {
        byte[] bad = Hex.bytes("""
                02 00C8 0001 0000000A
                0005 00000010 61 62 63 64 |field 5 says 16 bytes, 4 follow|
                """);
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>(d.feed(concat(bad, encode(PONG))));
        items.addAll(d.finish());
        assertThat(lines(items)).containsExactly(
                "0 ! LOGIN (200) txn=1: field 5 declares 16 bytes but 4 are left in the packet",
                "19 PONG (3) txn=2 {}");
    }

    @Test
    void anOversizeLengthResynchronises() {
        byte[] oversize = Hex.bytes("02 00C8 0001 7FFFFFFF");
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>(d.feed(concat(oversize, encode(PONG))));
        assertThat(lines(items)).containsExactly(
                "0 ! content length 2147483647 over the limit 358400 at byte 0; skipped 9 bytes to the next packet header at byte 9",
                "9 PONG (3) txn=2 {}");
    }

    @Test
    void aStreamThatEndsInsideAPacketSaysSo() {
        byte[] whole = encode(CHALLENGE);
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        assertThat(d.feed(Arrays.copyOf(whole, whole.length - 2))).isEmpty();
        assertThat(lines(d.finish())).containsExactly("0 ! the stream ends inside a packet: " + (whole.length - 2)
                + " bytes of LOGIN_CHALLENGE (201) txn=1, which declares " + (whole.length - 9) + " content bytes");
    }

    @Test
    void bytesMissingFromTheCaptureCutThePacketUnderWayOnly() {
        byte[] first = encode(CHALLENGE);
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>(d.feed(Arrays.copyOf(first, 12)));
        items.addAll(d.gap(first.length - 12));
        items.addAll(d.feed(encode(PONG)));
        items.addAll(d.finish());
        assertThat(lines(items)).containsExactly("0 ! 12 bytes of LOGIN_CHALLENGE (201) txn=1, which declares "
                + (first.length - 9) + " content bytes, cut by " + (first.length - 12)
                + " bytes missing from the capture at byte 12", first.length + " PONG (3) txn=2 {}");
    }

    @Test
    void aStrayMagicByteIsNoHeaderUnlessATypeAndLengthFollow() {
        // 02 then type 0x7FFF (in no §9 row), then 02 with a listed type but a length over the limit
        byte[] junk = Hex.bytes("41 02 7FFF 0001 00000000 02 00C8 0001 00FFFFFF");
        Mig33StreamDecoder d = new Mig33StreamDecoder();
        List<Mig33StreamDecoder.Item> items = new ArrayList<>(d.feed(concat(junk, encode(PONG))));
        assertThat(lines(items)).containsExactly(
                "0 ! bad magic 0x41 at byte 0; skipped 19 bytes to the next packet header at byte 19",
                "19 PONG (3) txn=2 {}");
    }
}
