package dev.revenant.pangya.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the client library does with a server frame before decoding it: check and decrypt, then LZO. Random
 * frames, wrong check bytes and corrupted compressed streams are refused as {@link FrameRejectedException}
 * and never escape as anything else (an index or a negative size from a hostile stream).
 */
class ServerFrameFuzzTest {
    @Test
    void randomAndCorruptedServerFramesAreRefusedCleanly() {
        ServerFrameCipher cipher = new ServerFrameCipher(TestKeys.tables());
        Random random = new Random(852);
        byte[] payload = "a server list, a session key and nine chat macros".repeat(8).getBytes();
        byte[] compressed = Lzo.compress(payload);
        int opened = 0;
        int refused = 0;
        for (int round = 0; round < 5_000; round++) {
            int key = random.nextInt(16);
            byte[] frame = cipher.encrypt(key, random.nextInt(256), compressed, payload.length);
            if (random.nextBoolean()) {
                frame[random.nextInt(frame.length)] ^= (byte) (1 + random.nextInt(255));
            } else {
                frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            try {
                ServerFrameCipher.Opened o = cipher.decrypt(key, frame);
                Lzo.decompress(o.compressed(), o.uncompressedLength());
                opened++;
            } catch (FrameRejectedException expected) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(opened + refused).isEqualTo(5_000);
    }

    @Test
    void randomLzoStreamsAreRefusedCleanly() {
        Random random = new Random(829);
        for (int round = 0; round < 20_000; round++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                Lzo.decompress(junk, random.nextInt(512));
            } catch (FrameRejectedException expected) {
                // refused: fine
            }
        }
    }
}
