package dev.revenant.midlets.inside;

import javax.microedition.lcdui.Graphics;
import javax.microedition.lcdui.Image;

/**
 * {@code Graphics.drawRGB} as MIDP 2.0 defines it. MicroEmulator 2.0.4 writes the pixels straight into the
 * target image: at the untranslated coordinates, past the clip, and with their alpha copied instead of
 * blended. The 3.x clients paint their backgrounds and list lines with drawRGB after translating and clipping,
 * so on the emulator the list's semi-transparent background was written over the lines just painted and a
 * contact's line showed only after a key press repainted part of it.
 */
public final class RgbDrawing {
    private RgbDrawing() {}

    /** Draws {@code width} x {@code height} pixels of {@code rgb} at (x, y) through {@code g}'s translation and clip. */
    public static void draw(Graphics g, int[] rgb, int offset, int scanlength, int x, int y, int width, int height,
            boolean processAlpha) {
        if (rgb == null) {
            throw new NullPointerException("rgbData");
        }
        if (width <= 0 || height <= 0) {
            return; // MIDP: nothing is drawn
        }
        int first = Math.min(offset, offset + (height - 1) * scanlength);
        int last = Math.max(offset + width - 1, offset + (height - 1) * scanlength + width - 1);
        if (first < 0 || last >= rgb.length) {
            throw new ArrayIndexOutOfBoundsException("rgbData[" + first + ".." + last + "] of " + rgb.length);
        }
        int[] rows = new int[width * height];
        for (int row = 0; row < height; row++) {
            System.arraycopy(rgb, offset + row * scanlength, rows, row * width, width);
        }
        Image image = Image.createRGBImage(rows, width, height, processAlpha);
        if (processAlpha) {
            PaintedText.translucent(image);
        }
        g.drawImage(image, x, y, Graphics.TOP | Graphics.LEFT);
    }
}
