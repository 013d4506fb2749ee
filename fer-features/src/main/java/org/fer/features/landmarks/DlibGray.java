package org.fer.features.landmarks;

import org.fer.image.GrayImage;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Gray conversion the way dlib feeds colour images to its shape predictor: (R + G + B) / 3 with integer
 * division (not OpenCV's luminance weights, which {@link GrayImage#read} uses), so landmarks on colour
 * photos match libdlib exactly. Gray images pass through unchanged.
 */
public final class DlibGray {
    private DlibGray() {}

    public static GrayImage of(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) return GrayImage.of(img);
        int w = img.getWidth(), h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] px = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            px[i] = (byte) ((((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF)) / 3);
        }
        return new GrayImage(w, h, px);
    }

    public static GrayImage read(Path file) {
        return of(GrayImage.decode(file));
    }
}
