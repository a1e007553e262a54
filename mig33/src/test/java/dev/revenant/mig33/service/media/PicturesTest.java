package dev.revenant.mig33.service.media;

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
    void soundsAndVideosByTheirMagicBytes() {
        assertThat(Pictures.audioType("#!AMR\n<frames>".getBytes())).isEqualTo("audio/amr");
        assertThat(Pictures.audioType("ID3\u0004...".getBytes())).isEqualTo("audio/mpeg");
        assertThat(Pictures.audioType(bytes(0xFF, 0xFB, 0x90, 0x64))).isEqualTo("audio/mpeg");
        assertThat(Pictures.audioType("RIFF\0\0\0\0WAVEfmt ".getBytes())).isEqualTo("audio/wav");
        assertThat(Pictures.audioType("RIFF\0\0\0\0AVI LIST".getBytes())).as("a RIFF that is no sound").isNull();
        assertThat(Pictures.audioType("MThd\0\0\0\6".getBytes())).isEqualTo("audio/midi");
        assertThat(Pictures.audioType(bytes(0xFF, 0xD8, 0xFF, 0xE0))).as("a JPEG is not a sound").isNull();
        assertThat(Pictures.videoType("\0\0\0\u0018ftyp3gp4\0\0".getBytes())).isEqualTo("video/3gpp");
        assertThat(Pictures.videoType("\0\0\0\u0018ftypisom\0\0".getBytes())).isEqualTo("video/mp4");
        assertThat(Pictures.videoType("\0\0\0\u0018ftyp".getBytes())).as("cut short").isNull();
        assertThat(Pictures.mediaType(3, bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A))).as("a PNG sent as a sound").isNull();
        assertThat(Pictures.mediaType(2, "#!AMR\n".getBytes())).as("a sound sent as a picture").isNull();
    }

    @Test
    void sizesUnder1024AreInBytesLargerInKilobytesWithOneDecimal() {
        assertThat(Pictures.description("alice", "image/png", 850)).isEqualTo("alice has sent you a picture (850 bytes). View now?");
        assertThat(Pictures.description("bob", "audio/amr", 2048)).isEqualTo("bob has sent you a sound (2.0 KB). View now?");
        assertThat(Pictures.description("bob", "video/3gpp", 10)).isEqualTo("bob has sent you a video (10 bytes). View now?");
        assertThat(Pictures.size(1023)).isEqualTo("1023 bytes");
        assertThat(Pictures.size(1024)).isEqualTo("1.0 KB");
        assertThat(Pictures.size(12_595)).isEqualTo("12.3 KB");
        assertThat(Pictures.size(307_200)).isEqualTo("300.0 KB");
    }
}
