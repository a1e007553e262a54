package dev.revenant.mig33.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the gateway takes for a picture, and how FILE_RECEIVED describes it. */
class PicturesTest {
    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void theTypeComesFromTheMagicBytes() {
        assertThat(Pictures.imageType(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0))).isEqualTo("image/jpeg");
        assertThat(Pictures.imageType(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0))).isEqualTo("image/png");
        assertThat(Pictures.imageType("GIF87a....".getBytes())).isEqualTo("image/gif");
        assertThat(Pictures.imageType("GIF89a....".getBytes())).isEqualTo("image/gif");
        assertThat(Pictures.imageType("GIF88a....".getBytes())).isNull();
        assertThat(Pictures.imageType(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A))).as("cut short").isNull();
        assertThat(Pictures.imageType(bytes(0xFF, 0xD8))).isNull();
        assertThat(Pictures.imageType("<html><script>".getBytes())).isNull();
        assertThat(Pictures.imageType(new byte[0])).isNull();
    }

    @Test
    void sizesUnder1024AreInBytesLargerInKilobytesWithOneDecimal() {
        assertThat(Pictures.description("alice", 850)).isEqualTo("alice has sent you a picture (850 bytes). View now?");
        assertThat(Pictures.size(1023)).isEqualTo("1023 bytes");
        assertThat(Pictures.size(1024)).isEqualTo("1.0 KB");
        assertThat(Pictures.size(12_595)).isEqualTo("12.3 KB");
        assertThat(Pictures.size(307_200)).isEqualTo("300.0 KB");
    }
}
