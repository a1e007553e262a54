package dev.revenant.mig33.session;

import dev.revenant.core.secret.Tokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The picture a phone registering (REGISTRATION 101 → 103) shows its user, and the letters the user must
 * type from it. Drawn from a small built-in 5×7 font, so the server needs no system fonts, with jitter and
 * speckles so that the letters are not simply the picture's pixels.
 *
 * @param id what the client sends back with the answer (REGISTRATION_RESPONSE field 4)
 * @param answer the letters in the picture
 * @param png the picture (REGISTRATION_CHALLENGE / REGISTRATION_ERROR field 3)
 */
public record Captcha(String id, String answer, byte[] png) {
    /** Letters that cannot be taken for a digit or for each other (no I, O, Q). */
    static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SCALE = 4;
    private static final int WIDTH = 6 * 5 * SCALE + 16;
    private static final int HEIGHT = 7 * SCALE + 16;

    /** A new captcha of four or five letters; with {@code required} false the picture says OK and any answer does. */
    public static Captcha next(boolean required) {
        StringBuilder word = new StringBuilder();
        int length = 4 + RANDOM.nextInt(2);
        for (int i = 0; i < length; i++) {
            word.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        String shown = required ? word.toString() : "OK";
        return new Captcha(Tokens.alphanumeric(16), required ? shown : null, render(shown));
    }

    /** Whether {@code typed} is this captcha's answer (any case, spaces around it ignored); always, when none is asked. */
    public boolean answeredBy(String typed) {
        return answer == null || typed != null && typed.trim().toUpperCase(Locale.ROOT).equals(answer);
    }

    private static byte[] render(String text) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, RANDOM.nextInt(12) == 0 ? 0xb0b0b0 : 0xffffff);
            }
        }
        int x0 = 8;
        for (char c : text.toCharArray()) {
            String[] rows = GLYPHS.get(c);
            int dy = 8 + RANDOM.nextInt(5) - 2;
            for (int row = 0; row < rows.length; row++) {
                for (int col = 0; col < 5; col++) {
                    if (rows[row].charAt(col) == '1') {
                        fill(image, x0 + col * SCALE, dy + row * SCALE);
                    }
                }
            }
            x0 += 6 * SCALE;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static void fill(BufferedImage image, int x, int y) {
        for (int i = 0; i < SCALE; i++) {
            for (int j = 0; j < SCALE; j++) {
                if (x + i < WIDTH && y + j < HEIGHT) {
                    image.setRGB(x + i, y + j, 0x202060);
                }
            }
        }
    }

    /** A 5×7 pixel font: the captcha's letters, and O and K for the picture that asks for nothing. */
    private static final Map<Character, String[]> GLYPHS = Map.ofEntries(
            Map.entry('A', new String[] {"01110", "10001", "10001", "11111", "10001", "10001", "10001"}),
            Map.entry('B', new String[] {"11110", "10001", "10001", "11110", "10001", "10001", "11110"}),
            Map.entry('C', new String[] {"01110", "10001", "10000", "10000", "10000", "10001", "01110"}),
            Map.entry('D', new String[] {"11110", "10001", "10001", "10001", "10001", "10001", "11110"}),
            Map.entry('E', new String[] {"11111", "10000", "10000", "11110", "10000", "10000", "11111"}),
            Map.entry('F', new String[] {"11111", "10000", "10000", "11110", "10000", "10000", "10000"}),
            Map.entry('G', new String[] {"01110", "10001", "10000", "10111", "10001", "10001", "01111"}),
            Map.entry('H', new String[] {"10001", "10001", "10001", "11111", "10001", "10001", "10001"}),
            Map.entry('J', new String[] {"00111", "00010", "00010", "00010", "00010", "10010", "01100"}),
            Map.entry('K', new String[] {"10001", "10010", "10100", "11000", "10100", "10010", "10001"}),
            Map.entry('L', new String[] {"10000", "10000", "10000", "10000", "10000", "10000", "11111"}),
            Map.entry('M', new String[] {"10001", "11011", "10101", "10101", "10001", "10001", "10001"}),
            Map.entry('N', new String[] {"10001", "10001", "11001", "10101", "10011", "10001", "10001"}),
            Map.entry('O', new String[] {"01110", "10001", "10001", "10001", "10001", "10001", "01110"}),
            Map.entry('P', new String[] {"11110", "10001", "10001", "11110", "10000", "10000", "10000"}),
            Map.entry('R', new String[] {"11110", "10001", "10001", "11110", "10100", "10010", "10001"}),
            Map.entry('S', new String[] {"01111", "10000", "10000", "01110", "00001", "00001", "11110"}),
            Map.entry('T', new String[] {"11111", "00100", "00100", "00100", "00100", "00100", "00100"}),
            Map.entry('U', new String[] {"10001", "10001", "10001", "10001", "10001", "10001", "01110"}),
            Map.entry('V', new String[] {"10001", "10001", "10001", "10001", "10001", "01010", "00100"}),
            Map.entry('W', new String[] {"10001", "10001", "10001", "10101", "10101", "10101", "01010"}),
            Map.entry('X', new String[] {"10001", "10001", "01010", "00100", "01010", "10001", "10001"}),
            Map.entry('Y', new String[] {"10001", "10001", "01010", "00100", "00100", "00100", "00100"}),
            Map.entry('Z', new String[] {"11111", "00001", "00010", "00100", "01000", "10000", "11111"}));
}
