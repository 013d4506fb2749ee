package org.fer.deep;

import org.fer.core.Face48;

import java.util.SplittableRandom;

/**
 * Seeded on-the-fly augmentation, written straight into the network's float input (the
 * {@link FaceTensorContract} normalisation): a random affine map (rotation, zoom, shift) sampled bilinearly with
 * edge replication (Keras' "nearest" fill, as the seed), and a horizontal flip. Output values stay in the contract's
 * range (-1..1) because interpolation never leaves the convex hull of the source pixels.
 */
public record Augmenter(double maxRotationDeg, double maxShiftFrac, double maxZoom, boolean flip) {
    /** The seed's settings (rotation 10°, shift 10 %, zoom 10 %, flip). */
    public static final Augmenter DEFAULT = new Augmenter(10, 0.1, 0.1, true);
    public static final Augmenter NONE = new Augmenter(0, 0, 0, false);

    public boolean enabled() { return maxRotationDeg > 0 || maxShiftFrac > 0 || maxZoom > 0 || flip; }

    /** Face {@code index} of {@code tensor} (N*2304 bytes), augmented with {@code rnd}, into {@code dst[dstOff..dstOff+2304)}. */
    public void apply(byte[] tensor, int index, SplittableRandom rnd, float[] dst, int dstOff) {
        int srcOff = index * Face48.PIXELS;
        if (!enabled()) {
            FaceTensorContract.fill(tensor, srcOff, dst, dstOff);
            return;
        }
        int n = Face48.SIDE;
        double angle = Math.toRadians(uniform(rnd, maxRotationDeg));
        double zoom = 1 + uniform(rnd, maxZoom);
        double tx = uniform(rnd, maxShiftFrac) * n, ty = uniform(rnd, maxShiftFrac) * n;
        boolean mirror = flip && rnd.nextBoolean();
        // inverse map: output pixel -> source coordinate, about the image centre
        double c = (n - 1) / 2.0;
        double cos = Math.cos(angle) / zoom, sin = Math.sin(angle) / zoom;
        for (int y = 0; y < n; y++) {
            double dy = y - c - ty;
            for (int x = 0; x < n; x++) {
                double dx = (mirror ? (n - 1 - x) : x) - c - tx;
                double sx = cos * dx + sin * dy + c;
                double sy = -sin * dx + cos * dy + c;
                sx = Math.max(0, Math.min(n - 1, sx));
                sy = Math.max(0, Math.min(n - 1, sy));
                int x0 = (int) sx, y0 = (int) sy;
                int x1 = Math.min(n - 1, x0 + 1), y1 = Math.min(n - 1, y0 + 1);
                double wx = sx - x0, wy = sy - y0;
                double v = (1 - wy) * ((1 - wx) * px(tensor, srcOff, x0, y0) + wx * px(tensor, srcOff, x1, y0))
                        + wy * ((1 - wx) * px(tensor, srcOff, x0, y1) + wx * px(tensor, srcOff, x1, y1));
                dst[dstOff + y * n + x] = FaceTensorContract.normalize(0) + (float) (v / 127.5);
            }
        }
    }

    private static int px(byte[] t, int off, int x, int y) { return t[off + y * Face48.SIDE + x] & 0xFF; }

    private static double uniform(SplittableRandom r, double max) { return max == 0 ? 0 : (r.nextDouble() * 2 - 1) * max; }
}
