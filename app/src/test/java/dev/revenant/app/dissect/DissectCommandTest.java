package dev.revenant.app.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.Revenant;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketCodec;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.codec.LoginHash;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.revenant.app.StandardStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revenant dissect} on captures laid out segment by segment: a login both ways, then the ways TCP
 * cuts, repeats and reorders it, and the files an operator may hand it by mistake.
 */
class DissectCommandTest {
    static final Packet LOGIN = Packet.of(PacketType.LOGIN, 1).string(5, "alice").int16(3, 420).int16(1, 1).build();
    static final String LOGIN_LINE = "LOGIN (200) txn=1 {5 Username=\"alice\", 3 ClientVersion=420, 1 ProtocolVersion=1}";
    static final Packet CHALLENGE = ServerPackets.loginChallenge(1, "S1", "abc");
    static final String CHALLENGE_LINE = "LOGIN_CHALLENGE (201) txn=1 {2 SessionId=\"S1\", 1 Challenge=\"abc\"}";
    static final int PROOF = LoginHash.stringHash("abc", "S3cretPass");
    static final Packet RESPONSE = Packet.of(PacketType.LOGIN_RESPONSE, 2).int32(1, PROOF).build();
    static final String RESPONSE_LINE = "LOGIN_RESPONSE (202) txn=2 {1 PasswordHash=" + PROOF + "}";
    static final Packet LOGIN_OK = ServerPackets.loginOk(2, new ServerPackets.LoginOk(null, "USD", "", 0, "Hi", false, ""));
    static final String LOGIN_OK_LINE = "LOGIN_OK (203) txn=2 {11 Currency=\"USD\", 10 AsteriskServer=\"\", 9 AsteriskId=0, "
            + "8 YahooDetail=0, 6 MSNDetail=0, 3 Alert=\"Hi\", 2 MobileVerified=0, 1 MobilePhone=\"\"}";
    static final Packet PING = Packet.of(PacketType.PING, 3).build();
    static final Packet PONG = ServerPackets.pong(3);

    @TempDir Path dir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();

    /** A packet as the project's encoder writes it. */
    static byte[] wire(Packet p) {
        ByteBuf buf = Unpooled.buffer();
        try {
            PacketCodec.write(p, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private int dissect(PcapFile capture, String... options) {
        return dissect(capture.write(dir.resolve("capture.pcap")), options);
    }

    private int dissect(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("dissect", file.toString()));
        args.addAll(List.of(options));
        streams.reset();
        return Revenant.execute(args.toArray(String[]::new));
    }

    private List<String> lines() {
        return streams.out().lines().toList();
    }

    private String err() {
        return streams.err();
    }

    /** The packet lines without their time: direction and description. */
    private List<String> packets() {
        return lines().stream().filter(l -> l.matches("  \\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*"))
                .map(l -> l.substring(18)).filter(l -> !l.endsWith("(closes its side)")).toList();
    }

    @Test
    void aLoginBothWaysWithTimesNamesAndTheConnection() {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open()
                .client(wire(LOGIN)).server(wire(CHALLENGE)).client(wire(RESPONSE)).server(wire(LOGIN_OK)).close();

        assertThat(dissect(capture)).isZero();
        assertThat(lines()).containsExactly(
                "connection 1: client 10.0.0.2:51234 <-> server 10.0.0.1:9119, 2026-01-01T00:00:00.000000Z",
                "  00:00:00.003000 C->S " + LOGIN_LINE,
                "  00:00:00.004000 S->C " + CHALLENGE_LINE,
                "  00:00:00.005000 C->S " + RESPONSE_LINE,
                "  00:00:00.006000 S->C " + LOGIN_OK_LINE,
                "  00:00:00.007000 C->S FIN (closes its side)",
                "  00:00:00.008000 S->C FIN (closes its side)",
                "  C->S " + (wire(LOGIN).length + wire(RESPONSE).length) + " bytes, 2 packets; S->C "
                        + (wire(CHALLENGE).length + wire(LOGIN_OK).length) + " bytes, 2 packets");
        assertThat(err()).isEmpty();
    }

    @Test
    void theServerIsTheSideOnAServerPortEvenWhenTheCaptureStartsMidConnection() {
        PcapFile capture = new PcapFile();
        // no handshake, and the server speaks first in the capture
        capture.connection("192.168.7.9", 40000, "10.0.0.1", 25).server(wire(PONG)).client(wire(PING));
        assertThat(dissect(capture)).isZero();
        assertThat(lines().get(0)).startsWith("connection 1: client 192.168.7.9:40000 <-> server 10.0.0.1:25, ");
        assertThat(packets()).containsExactly("S->C PONG (3) txn=3 {}", "C->S PING (2) txn=3 {}");
    }

    @Test
    void aPacketOverSeveralSegmentsAndSeveralPacketsInOne() {
        // a server packet long enough to carry the server's sequence numbers past 2^32
        Packet message = ServerPackets.message(new ServerPackets.IncomingMessage(1, "bob", 1, "alice", 1,
                "x".repeat(400), null, 0));
        byte[] login = wire(LOGIN);
        byte[] big = wire(message);
        PcapFile capture = new PcapFile();
        PcapFile.Connection c = capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open();
        c.client(Arrays.copyOfRange(login, 0, 4)) // inside the header
                .client(Arrays.copyOfRange(login, 4, 20))
                .client(Arrays.copyOfRange(login, 20, login.length));
        c.server(concat(wire(CHALLENGE), wire(PONG), Arrays.copyOfRange(big, 0, 100)));
        c.server(Arrays.copyOfRange(big, 100, 300)).server(Arrays.copyOfRange(big, 300, big.length));

        assertThat(dissect(capture)).isZero();
        assertThat(lines()).contains(
                "  00:00:00.005000 C->S " + LOGIN_LINE, // the time of the segment that completes it
                "  00:00:00.006000 S->C " + CHALLENGE_LINE,
                "  00:00:00.006000 S->C PONG (3) txn=3 {}",
                "  00:00:00.008000 S->C MESSAGE (500) txn=0 {8 ContentAsString=\"" + "x".repeat(160)
                        + "\"…(400 chars), 6 ContentType=1, 4 Destination=\"alice\", 3 DestinationType=1, "
                        + "2 Source=\"bob\", 1 MessageType=1}");
        assertThat(packets()).hasSize(4);
    }

    @Test
    void aRetransmittedSegmentCountsOnce() {
        byte[] login = wire(LOGIN);
        byte[] response = wire(RESPONSE);
        PcapFile capture = new PcapFile();
        PcapFile.Connection c = capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open();
        long loginSeq = c.clientSeq;
        c.client(login);
        c.segment(true, loginSeq, login, PcapFile.ACK | PcapFile.PSH); // the same segment again
        c.server(wire(CHALLENGE));
        // a retransmission that repeats the tail of LOGIN and carries LOGIN_RESPONSE after it
        c.segment(true, c.clientSeq - 5, concat(Arrays.copyOfRange(login, login.length - 5, login.length), response),
                PcapFile.ACK | PcapFile.PSH);
        c.clientSeq += response.length;
        c.server(wire(LOGIN_OK));

        assertThat(dissect(capture)).isZero();
        assertThat(packets()).containsExactly("C->S " + LOGIN_LINE, "S->C " + CHALLENGE_LINE,
                "C->S " + RESPONSE_LINE, "S->C " + LOGIN_OK_LINE);
        assertThat(lines().get(lines().size() - 1)).endsWith("; 1 retransmitted segment")
                .startsWith("  C->S " + (login.length + response.length) + " bytes, 2 packets;");
    }

    @Test
    void outOfOrderSegmentsAreReadInSequenceOrder() {
        byte[] login = wire(LOGIN);
        byte[] ping = wire(PING);
        PcapFile capture = new PcapFile();
        PcapFile.Connection c = capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open();
        long start = c.clientSeq;
        // the second half of LOGIN, then PING, then the first half: sequence order is LOGIN, PING
        c.segment(true, start + 10, Arrays.copyOfRange(login, 10, login.length), PcapFile.ACK);
        c.segment(true, start + login.length, ping, PcapFile.ACK);
        c.segment(true, start, Arrays.copyOfRange(login, 0, 10), PcapFile.ACK);
        c.clientSeq += login.length + ping.length;
        c.server(wire(PONG));

        assertThat(dissect(capture)).isZero();
        assertThat(lines()).contains("  00:00:00.005000 C->S " + LOGIN_LINE, "  00:00:00.005000 C->S PING (2) txn=3 {}",
                "  00:00:00.006000 S->C PONG (3) txn=3 {}");
        assertThat(packets()).containsExactly("C->S " + LOGIN_LINE, "C->S PING (2) txn=3 {}", "S->C PONG (3) txn=3 {}");
        assertThat(lines().get(lines().size() - 1)).endsWith("; 2 out-of-order segments");
    }

    @Test
    void bytesTheCaptureLostAreOneLineAndReadingGoesOn() {
        byte[] login = wire(LOGIN);
        PcapFile capture = new PcapFile();
        PcapFile.Connection c = capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open();
        long start = c.clientSeq;
        c.segment(true, start, Arrays.copyOfRange(login, 0, 12), PcapFile.ACK);
        // bytes 12.. of LOGIN never made it into the capture; PING after it did
        c.segment(true, start + login.length, wire(PING), PcapFile.ACK);

        assertThat(dissect(capture)).isZero();
        assertThat(packets()).containsExactly(
                "C->S ! 12 bytes of LOGIN (200) txn=1, which declares " + (login.length - 9)
                        + " content bytes, cut by " + (login.length - 12) + " bytes missing from the capture at byte 12",
                "C->S PING (2) txn=3 {}");
    }

    @Test
    void manyConnectionsEachWithItsOwnHeader() {
        PcapFile capture = new PcapFile();
        PcapFile.Connection a = capture.connection("10.0.0.2", 50001, "10.0.0.1", 9119).open();
        PcapFile.Connection b = capture.connection("10.0.0.3", 50002, "10.0.0.1", 80).open();
        a.client(wire(PING));
        b.client(wire(LOGIN));
        a.server(wire(PONG));
        // traffic on another port is not the server's
        capture.connection("10.0.0.2", 50003, "10.0.0.9", 443).open().client("hello".getBytes(StandardCharsets.US_ASCII));

        assertThat(dissect(capture)).isZero();
        assertThat(lines()).filteredOn(l -> l.startsWith("connection")).hasSize(2);
        assertThat(String.join("\n", lines())).contains("""
                connection 1: client 10.0.0.2:50001 <-> server 10.0.0.1:9119, 2026-01-01T00:00:00.000000Z
                  00:00:00.006000 C->S PING (2) txn=3 {}
                  00:00:00.008000 S->C PONG (3) txn=3 {}
                """, """
                connection 2: client 10.0.0.3:50002 <-> server 10.0.0.1:80, 2026-01-01T00:00:00.003000Z
                  00:00:00.007000 C->S""" + " " + LOGIN_LINE);
    }

    @Test
    void otherServerPortsAreChosenWithPort() {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 50001, "10.0.0.1", 8119).open().client(wire(PING)).server(wire(PONG));
        Path file = capture.write(dir.resolve("other-port.pcap"));

        assertThat(dissect(file)).isEqualTo(1);
        assertThat(err()).contains("has no TCP traffic to or from ports 9119, 25, 80");
        assertThat(dissect(file, "--port", "8119,9119")).isZero();
        assertThat(packets()).containsExactly("C->S PING (2) txn=3 {}", "S->C PONG (3) txn=3 {}");
    }

    @Test
    void jsonGivesEveryFieldWithItsNameTypeAndValue() throws Exception {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open()
                .client(wire(LOGIN)).server(wire(CHALLENGE)).close();

        assertThat(dissect(capture, "--json")).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines()) {
            nodes.add(json.readTree(line));
        }
        assertThat(nodes).hasSize(5);
        assertThat(nodes.get(0).get("client").asText()).isEqualTo("10.0.0.2:51234");
        assertThat(nodes.get(0).get("server").asText()).isEqualTo("10.0.0.1:9119");
        JsonNode login = nodes.get(1);
        assertThat(login.get("time").asText()).isEqualTo("2026-01-01T00:00:00.003000Z");
        assertThat(login.get("direction").asText()).isEqualTo("C->S");
        assertThat(login.get("name").asText()).isEqualTo("LOGIN");
        assertThat(login.get("type").asInt()).isEqualTo(200);
        assertThat(login.get("txn").asInt()).isEqualTo(1);
        JsonNode username = login.get("fields").get(0);
        assertThat(username.get("id").asInt()).isEqualTo(5);
        assertThat(username.get("name").asText()).isEqualTo("Username");
        assertThat(username.get("type").asText()).isEqualTo("string");
        assertThat(username.get("value").asText()).isEqualTo("alice");
        assertThat(login.get("fields").get(1).get("value").asInt()).isEqualTo(420);
        assertThat(nodes.get(2).get("name").asText()).isEqualTo("LOGIN_CHALLENGE");
        assertThat(nodes.get(2).get("direction").asText()).isEqualTo("S->C");
        assertThat(nodes.get(3).get("note").asText()).isEqualTo("FIN (closes its side)");
    }

    @Test
    void aTruncatedCaptureShowsWhatItHasAndSaysItIsCut() throws Exception {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open()
                .client(wire(LOGIN)).server(wire(CHALLENGE)).client(wire(RESPONSE));
        byte[] whole = capture.bytes();
        Path cutInData = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));

        assertThat(dissect(cutInData)).isEqualTo(1);
        assertThat(packets()).containsExactly("C->S " + LOGIN_LINE, "S->C " + CHALLENGE_LINE);
        assertThat(err()).contains("cut.pcap is truncated: record 6 at byte ").contains("are left")
                .doesNotContain("Exception").doesNotContain("\tat ");

        // cut inside a record header, where the pcap reader itself stops without a word
        Path cutInHeader = Files.write(dir.resolve("cut2.pcap"), Arrays.copyOf(whole, whole.length - wire(RESPONSE).length - 54 - 8));
        assertThat(dissect(cutInHeader)).isEqualTo(1);
        assertThat(packets()).containsExactly("C->S " + LOGIN_LINE, "S->C " + CHALLENGE_LINE);
        assertThat(err()).contains("cut2.pcap is truncated: record 6 at byte ").contains("has 8 of its 16 header bytes");
    }

    @Test
    void aFileThatIsNoPcapIsOneClearLine() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "these are notes, not a capture\n");
        assertThat(dissect(text)).isEqualTo(1);
        assertThat(streams.out()).isEmpty();
        assertThat(err()).isEqualTo("revenant dissect: " + text + " is not a pcap capture (it starts with 74 68 65 73)\n");

        Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        assertThat(dissect(empty)).isEqualTo(1);
        assertThat(err()).isEqualTo("revenant dissect: " + empty + " is not a pcap capture (it starts with nothing: the file is empty)\n");

        Path pcapng = Files.write(dir.resolve("new.pcapng"), new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 28});
        assertThat(dissect(pcapng)).isEqualTo(1);
        assertThat(err()).contains("is a pcapng capture").contains("editcap -F pcap new.pcapng out.pcap");

        assertThat(dissect(dir.resolve("absent.pcap"))).isEqualTo(1);
        assertThat(err()).isEqualTo("revenant dissect: " + dir.resolve("absent.pcap") + ": no such file\n");
    }

    @Test
    void trafficOnAServerPortThatIsNotMig33() {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 51234, "10.0.0.1", 25).open()
                .server("220 mail.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII))
                .client("EHLO me\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(dissect(capture)).isEqualTo(1);
        assertThat(packets()).containsExactly(
                "C->S ! bad magic 0x45 at byte 0; no packet header in the last 9 bytes",
                "S->C ! bad magic 0x32 at byte 0; no packet header in the last 24 bytes");
        assertThat(err()).isEqualTo("revenant dissect: connection 1 (10.0.0.2:51234 <-> 10.0.0.1:25) is not mig33 "
                + "traffic: no packet in 33 bytes; it starts with \"EHLO me\\x0d\\x0a\"\n");
    }

    @Test
    void mig33InsideHttpOnPort80() {
        byte[] login = wire(LOGIN);
        byte[] poll = wire(Packet.of(13, 2).build());
        byte[] answer = concat(wire(CHALLENGE), wire(PONG));
        PcapFile capture = new PcapFile();
        PcapFile.Connection c = capture.connection("10.0.0.2", 51234, "10.0.0.1", 80).open();
        byte[] post = concat(("POST /mig33 HTTP/1.1\r\nHost: chat.example\r\nContent-Length: " + login.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), login);
        c.client(Arrays.copyOfRange(post, 0, 3)).client(Arrays.copyOfRange(post, 3, 40)).client(Arrays.copyOfRange(post, 40, post.length));
        c.server(concat(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(answer.length)
                + "\r\n").getBytes(StandardCharsets.US_ASCII), answer, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        byte[] post2 = concat(("POST /mig33 HTTP/1.1\r\nCookie: s=1\r\ncontent-length: " + poll.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), poll);
        c.client(post2);
        c.server(concat("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n".getBytes(StandardCharsets.US_ASCII), wire(PONG)));

        assertThat(dissect(capture)).isZero();
        assertThat(packets()).containsExactly(
                "C->S HTTP POST /mig33 HTTP/1.1 (" + login.length + " body bytes)",
                "C->S " + LOGIN_LINE,
                "S->C HTTP HTTP/1.1 200 OK (chunked body)",
                "S->C " + CHALLENGE_LINE,
                "S->C PONG (3) txn=3 {}",
                "C->S HTTP POST /mig33 HTTP/1.1 (9 body bytes)",
                "C->S HTTP_POLL (13) txn=2 {}",
                "S->C HTTP HTTP/1.1 200 OK (9 body bytes)",
                "S->C PONG (3) txn=3 {}");
        assertThat(lines().get(lines().size() - 1)).isEqualTo("  C->S " + (post.length + post2.length)
                + " bytes, 2 packets; S->C 140 bytes, 3 packets");
    }

    @Test
    void aWebPageOnPort80IsNotMig33() {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 51234, "10.0.0.1", 80).open()
                .client("GET / HTTP/1.1\r\nHost: www.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                .server("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n<html></html>".getBytes(StandardCharsets.US_ASCII));

        assertThat(dissect(capture)).isEqualTo(1);
        assertThat(packets()).containsExactly("C->S HTTP GET / HTTP/1.1 (no body)",
                "S->C HTTP HTTP/1.1 200 OK (13 body bytes)",
                "S->C ! bad magic 0x3c at byte 0; no packet header in the last 13 bytes");
        assertThat(err()).contains("connection 1 (10.0.0.2:51234 <-> 10.0.0.1:80) is not mig33 traffic");
    }

    @Test
    void nanosecondTimesAndLinkTypesTheReaderDoesNotTake() throws Exception {
        PcapFile nanos = new PcapFile(true);
        nanos.connection("10.0.0.2", 51234, "10.0.0.1", 9119).open().client(wire(PING));
        assertThat(dissect(nanos)).isZero();
        assertThat(lines()).containsExactly(
                "connection 1: client 10.0.0.2:51234 <-> server 10.0.0.1:9119, 2026-01-01T00:00:00.000000Z",
                "  00:00:00.003000 C->S PING (2) txn=3 {}",
                "  C->S 9 bytes, 1 packet; S->C 0 bytes, 0 packets");

        // what 'tcpdump -i any' writes: Linux cooked v2
        byte[] any = new PcapFile().bytes();
        any[20] = 0x14;
        any[21] = 0x01;
        Path file = Files.write(dir.resolve("any.pcap"), any);
        assertThat(dissect(file)).isEqualTo(1);
        assertThat(err()).contains("any.pcap has link type 276 (Linux cooked v2, what 'tcpdump -i any' writes)")
                .contains("-y LINUX_SLL");
    }

    @Test
    void whenBothEndsAreOnServerPortsTheOpeningSynTellsTheClient() {
        PcapFile capture = new PcapFile();
        capture.connection("10.0.0.2", 80, "10.0.0.1", 9119).open().client(wire(PING)).server(wire(PONG));
        assertThat(dissect(capture)).isZero();
        assertThat(lines().get(0)).startsWith("connection 1: client 10.0.0.2:80 <-> server 10.0.0.1:9119, ");
        assertThat(packets()).containsExactly("C->S PING (2) txn=3 {}", "S->C PONG (3) txn=3 {}");
    }
}
