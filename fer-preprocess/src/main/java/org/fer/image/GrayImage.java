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
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                out[y * w + x] = (byte) Math.round(bilinear(pixels, 0, width, height, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5));
        return new GrayImage(w, h, out);
    }

    /**
     * The value at (x, y) of the {@code width} x {@code height} image stored row-major from {@code px[off]}, interpolated
     * bilinearly; a point outside the image is moved to its nearest edge (edge replication, Keras' "nearest" fill).
     * The one sampler behind resizing, training augmentation and test-time views.
     */
    public static double bilinear(byte[] px, int off, int width, int height, double x, double y) {
        double fx = Math.max(0, Math.min(width - 1, x)), fy = Math.max(0, Math.min(height - 1, y));
        int x0 = (int) fx, y0 = (int) fy, x1 = Math.min(width - 1, x0 + 1), y1 = Math.min(height - 1, y0 + 1);
        double wx = fx - x0, wy = fy - y0;
        int r0 = off + y0 * width, r1 = off + y1 * width;
        return (1 - wy) * ((1 - wx) * (px[r0 + x0] & 0xFF) + wx * (px[r0 + x1] & 0xFF))
                + wy * ((1 - wx) * (px[r1 + x0] & 0xFF) + wx * (px[r1 + x1] & 0xFF));
    }
}
