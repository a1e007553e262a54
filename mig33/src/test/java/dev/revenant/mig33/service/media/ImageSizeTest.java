package dev.revenant.mig33.service.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A picture's size read from its header, for the pages' {@code <img width height>}. */
class ImageSizeTest {
    private static byte[] image(String format, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void pngGifAndJpegHeadersGiveTheirSize() throws IOException {
        assertThat(ImageSize.of(image("png", 60, 40))).contains(new ImageSize(60, 40));
        assertThat(ImageSize.of(image("gif", 17, 300))).contains(new ImageSize(17, 300));
        assertThat(ImageSize.of(image("jpg", 123, 45))).contains(new ImageSize(123, 45));
    }

    @Test
    void anythingElseHasNoSize() throws IOException {
        assertThat(ImageSize.of(new byte[0])).isEmpty();
        assertThat(ImageSize.of("<html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEmpty();
        byte[] png = image("png", 60, 40);
        assertThat(ImageSize.of(java.util.Arrays.copyOf(png, 20))).as("cut before the size").isEmpty();
        byte[] jpeg = image("jpg", 10, 10);
        assertThat(ImageSize.of(java.util.Arrays.copyOf(jpeg, 30))).as("cut before the frame header").isEmpty();
    }
}
