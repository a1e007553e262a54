package dev.revenant.mig33.service.media;

import java.util.Optional;

/**
 * A picture's width and height in pixels, read from its header (PNG, GIF, JPEG): the 4.20+ browsers need
 * both on an {@code <img>} (a missing one reuses whatever the page set before, a bad one throws), and draw
 * a picture at its own size, unscaled.
 */
public record ImageSize(int width, int height) {

    public static Optional<ImageSize> of(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return sized(be32(b, 16), be32(b, 20));
        }
        if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return sized((b[6] & 0xFF) | (b[7] & 0xFF) << 8, (b[8] & 0xFF) | (b[9] & 0xFF) << 8);
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return jpeg(b);
        }
        return Optional.empty();
    }

    /** A JPEG's frame header (SOF0–SOF15 but DHT, JPG and DAC), found by walking the segments. */
    private static Optional<ImageSize> jpeg(byte[] b) {
        int at = 2;
        while (at + 9 < b.length) {
            if ((b[at] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            int length = (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return sized((b[at + 7] & 0xFF) << 8 | (b[at + 8] & 0xFF), (b[at + 5] & 0xFF) << 8 | (b[at + 6] & 0xFF));
            }
            if (length < 2) {
                return Optional.empty();
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    private static int be32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static Optional<ImageSize> sized(int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new ImageSize(width, height)) : Optional.empty();
    }
}
