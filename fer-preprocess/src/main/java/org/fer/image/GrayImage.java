package org.fer.image;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An 8-bit grayscale image (row-major, unsigned bytes). Immutable by convention: methods return new images. */
public record GrayImage(int width, int height, byte[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height)
            throw new IllegalArgumentException("bad image " + width + "x" + height + " with " + pixels.length + " pixels");
    }

    public static GrayImage of(Face48 face) { return new GrayImage(Face48.SIDE, Face48.SIDE, face.bytes()); }

    public int get(int x, int y) { return pixels[y * width + x] & 0xFF; }

    /** Reads PNG, JPEG, BMP or GIF; colour is converted with OpenCV's weights (0.299 R + 0.587 G + 0.114 B). */
    public static GrayImage read(Path file) {
        return of(decode(file));
    }

    /** Decodes an image file with clear errors for a missing or unreadable file; callers pick their gray rule. */
    public static BufferedImage decode(Path file) {
        if (!Files.isRegularFile(file)) throw new FerException("image not found: " + file);
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new FerException(file + ": cannot decode image (" + e.getMessage() + ")");
        }
        if (img == null) throw new FerException(file + ": not an image format Java can read (use PNG, JPEG, BMP or GIF)");
        return img;
    }

    public static GrayImage of(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] px = new byte[w * h];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            img.getRaster().getDataElements(0, 0, w, h, px);
            return new GrayImage(w, h, px);
        }
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            double v = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
            px[i] = (byte) Math.min(255, Math.round(v));
        }
        return new GrayImage(w, h, px);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, pixels);
        return img;
    }

    public void writePng(Path file) {
        BufferedImage img = toBufferedImage();
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }

    /** Bilinear resize with pixel centres aligned (as OpenCV's INTER_LINEAR for upscaling). */
    public GrayImage resize(int w, int h) {
        byte[] out = new byte[w * h];
        double sx = (double) width / w, sy = (double) height / h;
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy, y1 = Math.min(height - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx, x1 = Math.min(width - 1, x0 + 1);
                double wx = fx - x0;
                double v = (1 - wy) * ((1 - wx) * get(x0, y0) + wx * get(x1, y0)) + wy * ((1 - wx) * get(x0, y1) + wx * get(x1, y1));
                out[y * w + x] = (byte) Math.round(v);
            }
        }
        return new GrayImage(w, h, out);
    }
}
