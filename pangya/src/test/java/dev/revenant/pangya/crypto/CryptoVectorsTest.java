package dev.revenant.pangya.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.core.testing.SharedData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every published cipher vector (pangbox/pangcrypt, ISC) in ../shared/testdata/pangya/crypto-vectors.json. */
class CryptoVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private record Vector(int key, byte[] plain, byte[] cipher) {}

    private static List<Vector> vectors(String side) throws Exception {
        JsonNode root = new ObjectMapper().readTree(SharedData.require("testdata/pangya/crypto-vectors.json").toFile());
        List<Vector> out = new ArrayList<>();
        for (JsonNode v : root.get(side)) {
            out.add(new Vector(v.get("key").asInt(), HEX.parseHex(v.get("plain").asText()), HEX.parseHex(v.get("cipher").asText())));
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    @TestFactory
    Stream<DynamicTest> clientFramesDecryptAndEncryptByteExact() throws Exception {
        ClientFrameCipher cipher = new ClientFrameCipher(TestKeys.tables());
        return vectors("client").stream().map(v -> DynamicTest.dynamicTest("key " + v.key() + " " + HEX.formatHex(v.plain()), () -> {
            assertThat(cipher.decrypt(v.key(), v.cipher())).isEqualTo(v.plain());
            int salt = v.cipher()[0] & 0xFF;
            assertThat(cipher.encrypt(v.key(), salt, v.plain())).isEqualTo(v.cipher());
        }));
    }

    @TestFactory
    Stream<DynamicTest> serverFramesDecryptAndEncryptByteExactGivenTheRecordedCompression() throws Exception {
        ServerFrameCipher cipher = new ServerFrameCipher(TestKeys.tables());
        return vectors("server").stream().map(v -> DynamicTest.dynamicTest("key " + v.key() + " " + v.plain().length + " bytes", () -> {
            ServerFrameCipher.Opened opened = cipher.decrypt(v.key(), v.cipher());
            assertThat(opened.uncompressedLength()).isEqualTo(v.plain().length);
            assertThat(opened.compressed()).endsWith(0x11, 0, 0);
            assertThat(Lzo.decompress(opened.compressed(), opened.uncompressedLength())).isEqualTo(v.plain());
            // the vectors' compressed bytes came from go-lzo: re-encrypting them must give the frame back
            assertThat(cipher.encrypt(v.key(), opened.salt(), opened.compressed(), v.plain().length)).isEqualTo(v.cipher());
            // and our own compression of the plaintext round-trips through the same cipher
            byte[] ours = cipher.encrypt(v.key(), opened.salt(), Lzo.compress(v.plain()), v.plain().length);
            ServerFrameCipher.Opened back = cipher.decrypt(v.key(), ours);
            assertThat(Lzo.decompress(back.compressed(), back.uncompressedLength())).isEqualTo(v.plain());
        }));
    }

    @Test
    void aClientFrameWithAWrongCheckByteIsRejected() throws Exception {
        ClientFrameCipher cipher = new ClientFrameCipher(TestKeys.tables());
        Vector v = vectors("client").get(0);
        byte[] bad = v.cipher().clone();
        bad[4] ^= 0x5A;
        assertThatThrownBy(() -> cipher.decrypt(v.key(), bad)).isInstanceOf(FrameRejectedException.class);
        // the same frame under another key is garbage too
        assertThatThrownBy(() -> cipher.decrypt((v.key() + 1) % 16, v.cipher())).isInstanceOf(FrameRejectedException.class);
    }

    @Test
    void ourCompressionEndsWithTheMarkerTheClientExpects() {
        byte[] payload = new byte[600];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i % 7 == 0 ? 'a' : i % 3);
        }
        byte[] compressed = Lzo.compress(payload);
        assertThat(compressed).endsWith(0x11, 0, 0);
        assertThat(compressed.length).isLessThan(payload.length);
        assertThat(Lzo.decompress(compressed, payload.length)).isEqualTo(payload);
        assertThatThrownBy(() -> Lzo.decompress(compressed, payload.length + 1)).isInstanceOf(FrameRejectedException.class);
    }
}
