package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.LoginHash;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LOGIN each real MIDlet generation sends (captured by the real-client harness in
 * {@code midlets}), replayed over TCP, and the whole LOGIN_OK checked against the fields that generation
 * reads. The MIDlets read numbers at their exact width (int8 one byte, int16 two, int32 four) and most of
 * these fields without checking they are there: a missing or mis-sized one crashed the client after login.
 */
class RealClientLoginConversationTest {
    @TempDir Path dir;

    /** One generation's LOGIN as captured, and the LOGIN_OK fields it reads (id → width; 0: a string). */
    record Generation(String version, int clientVersion, String userAgent, String device, boolean oneBytePresence,
                      Map<Integer, Integer> reads) {
        @Override
        public String toString() {
            return version;
        }
    }

    static final Map<Integer, Integer> READS_3X = Map.of(2, 1, 6, 1, 7, 1, 8, 1, 17, 1);
    static final Map<Integer, Integer> READS_405 = Map.of(2, 1, 6, 1, 7, 1, 8, 1, 17, 1, 20, 4);
    static final Map<Integer, Integer> READS_420 = Map.ofEntries(Map.entry(2, 1), Map.entry(6, 1), Map.entry(7, 1),
            Map.entry(8, 1), Map.entry(17, 1), Map.entry(20, 4), Map.entry(23, 0), Map.entry(26, 0), Map.entry(27, 1),
            Map.entry(31, 2), Map.entry(29, 1));
    static final Map<Integer, Integer> READS_43X = Map.of(2, 1, 20, 4, 23, 0, 26, 0, 27, 1, 31, 2, 29, 1, 32, 0);

    static Stream<Generation> generations() {
        return Stream.of(
                new Generation("3.08", 308, "J2MEv3.08.165", "MicroEmulator-2.0", true, READS_3X),
                new Generation("4.05", 405, "J2MEv4.05.227", "MicroEmulator-2.0", true, READS_405),
                new Generation("4.20", 420, "J2MEv4.20.291", "MicroEmulator-2.0", true, READS_420),
                new Generation("4.30", 430, "J2MEv4.30.302", "MicroEmulator-2.0", true, READS_43X),
                new Generation("4.50", 450, "J2MEv4.50.000", "mig33/4.50 (MicroEmulator-2.0) kBrowser", true, READS_43X),
                new Generation("4.62", 462, "J2MEv4.62.000", "mig33/4.62 (MicroEmulator-2.0) kBrowser", true, READS_43X));
    }

    @ParameterizedTest(name = "mig33 {0}")
    @MethodSource("generations")
    void theLoginAnswerHasEveryFieldTheGenerationReads(Generation g) {
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults())) {
            server.connect().register("alice", "S3cretPass1", "60123456789");
            Mig33Client phone = server.connect();
            // the fields and widths the MIDlet sends (descending ids, as the J2ME clients do)
            Packet.Builder login = phone.request(PacketType.LOGIN);
            if (g.clientVersion() >= 420) {
                login.bool(19, false);
            }
            if (g.clientVersion() >= 405) {
                login.int32(16, g.clientVersion() >= 420 ? 21 : 0).string(15, "en-US");
            } else {
                login.int32(14, 0);
            }
            Packet challenge = phone.call(login.int32(13, 158).int32(12, 170).int32(11, 12).int8(9, 1)
                    .string(8, g.device()).string(7, g.userAgent()).string(5, "alice").int16(3, g.clientVersion())
                    .int8(2, 2).int16(1, 1).build());
            assertThat(challenge.type()).isEqualTo(PacketType.LOGIN_CHALLENGE);
            // every generation hashes the lower-cased password (read from their bytecode), and only that is taken
            String password = "s3cretpass1";
            Packet ok = phone.call(phone.request(PacketType.LOGIN_RESPONSE)
                    .int32(1, LoginHash.stringHash(challenge.string(1), password)).build());
            assertThat(ok.type()).isEqualTo(PacketType.LOGIN_OK);

            for (Map.Entry<Integer, Integer> read : g.reads().entrySet()) {
                int id = read.getKey();
                assertThat(ok.has(id)).as("LOGIN_OK field %d, read by %s", id, g).isTrue();
                if (read.getValue() > 0) {
                    assertThat(ok.raw(id)).as("width of LOGIN_OK field %d for %s", id, g).hasSize(read.getValue());
                }
            }
            assertThat(ok.integer(2, -1)).as("MobileVerified").isEqualTo(1);
            assertThat(ok.integer(27, -1)).as("UserType").isEqualTo(1);
            assertThat(ok.integer(31, -1)).as("ReputationLevel").isEqualTo(1);
            assertThat(ok.integer(29, -1)).as("SendConnectionReport").isZero();

            // field 20 is the version the contact list then reports, so a 4.05+ client can ask for changes only
            // (3.x clients know no list versions and get none)
            List<Packet> list = phone.callUntil(phone.request(PacketType.GET_CONTACTS).build(), PacketType.GET_CONTACTS_COMPLETE);
            List<Packet> versions = list.stream().filter(p -> p.type() == PacketType.CONTACT_LIST_VERSION).toList();
            if (g.clientVersion() >= 400) {
                assertThat(versions).hasSize(1);
                assertThat(ok.integer(20, -1)).isEqualTo(versions.get(0).integer(1, -2));
            } else {
                assertThat(versions).isEmpty();
            }
        }
    }
}
