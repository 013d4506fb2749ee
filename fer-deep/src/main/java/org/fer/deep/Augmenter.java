package org.fer.deep;

import org.fer.core.Face48;
import org.fer.image.GrayImage;

import java.util.SplittableRandom;

/**
 * Seeded on-the-fly augmentation, written straight into the network's float input (the
 * {@link FaceTensorContract} normalisation): a random affine map (rotation, zoom, shift) sampled bilinearly with
 * edge replication (Keras' "nearest" fill, as the seed), and a horizontal flip. Output values stay in the contract's
 * range (-1..1) because interpolation never leaves the convex hull of the source pixels.
 *
 * <p>Optionally random erasing (Zhong et al., 2017): with probability {@code eraseProb} one rectangle covering
 * 2-33 % of the face, aspect ratio 0.3-3.3, is filled with uniform noise in the contract's range, so the network
 * cannot lean on any one region (mouth, eyes) alone. Off ({@code 0}) in the seed's settings; when off it draws no
 * random numbers, so runs and checkpoints made before it existed replay exactly.
 */
public record Augmenter(double maxRotationDeg, double maxShiftFrac, double maxZoom, boolean flip, double eraseProb) {
    static final double ERASE_MIN_AREA = 0.02, ERASE_MAX_AREA = 0.33, ERASE_MIN_ASPECT = 0.3;
    /** The seed's settings (rotation 10°, shift 10 %, zoom 10 %, flip). */
    public static final Augmenter DEFAULT = new Augmenter(10, 0.1, 0.1, true);
    public static final Augmenter NONE = new Augmenter(0, 0, 0, false);

    public Augmenter {
        if (!(eraseProb >= 0 && eraseProb <= 1)) throw new org.fer.core.FerException("random-erasing probability must be in [0, 1], got " + eraseProb);
    }

    /** Without random erasing (the seed's kind of augmentation). */
    public Augmenter(double maxRotationDeg, double maxShiftFrac, double maxZoom, boolean flip) {
        this(maxRotationDeg, maxShiftFrac, maxZoom, flip, 0);
    }

    public Augmenter withEraseProb(double p) { return new Augmenter(maxRotationDeg, maxShiftFrac, maxZoom, flip, p); }

    /** The settings as recorded in model files and results (rotation_deg, shift_frac, zoom, hflip; erase_prob only when used). */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("rotation_deg", maxRotationDeg);
        m.put("shift_frac", maxShiftFrac);
        m.put("zoom", maxZoom);
        m.put("hflip", flip);
        if (eraseProb > 0) m.put("erase_prob", eraseProb); // only when used: older runs keep the keys they had
        return m;
    }

    public boolean enabled() { return maxRotationDeg > 0 || maxShiftFrac > 0 || maxZoom > 0 || flip || eraseProb > 0; }

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
                double v = GrayImage.bilinear(tensor, srcOff, n, n, cos * dx + sin * dy + c, -sin * dx + cos * dy + c);
                dst[dstOff + y * n + x] = FaceTensorContract.normalize(0) + (float) (v / 127.5);
            }
        }
        if (eraseProb > 0 && rnd.nextDouble() < eraseProb) erase(rnd, dst, dstOff);
    }

    /** One random rectangle of {@code dst}'s face filled with uniform noise in the contract's range (-1..1). */
    private static void erase(SplittableRandom rnd, float[] dst, int dstOff) {
        int n = Face48.SIDE;
        double area = (ERASE_MIN_AREA + rnd.nextDouble() * (ERASE_MAX_AREA - ERASE_MIN_AREA)) * n * n;
        // log-uniform aspect ratio in [0.3, 1/0.3], so tall and wide boxes are equally likely
        double aspect = Math.exp(Math.log(ERASE_MIN_ASPECT) + rnd.nextDouble() * -2 * Math.log(ERASE_MIN_ASPECT));
        int h = (int) Math.max(1, Math.min(n, Math.round(Math.sqrt(area * aspect))));
        int w = (int) Math.max(1, Math.min(n, Math.round(Math.sqrt(area / aspect))));
        int top = rnd.nextInt(n - h + 1), left = rnd.nextInt(n - w + 1);
        float lo = FaceTensorContract.normalize(0);
        for (int y = top; y < top + h; y++)
            for (int x = left; x < left + w; x++)
                dst[dstOff + y * n + x] = lo + (float) (rnd.nextDouble() * 2);
    }

    private static double uniform(SplittableRandom r, double max) { return max == 0 ? 0 : (r.nextDouble() * 2 - 1) * max; }
}
