package org.fer.features.hog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HOG of windows sliding across an image, concatenated (the seed's {@code sliding_hog_windows}): window
 * tops/lefts at 0, step, 2*step, ... &lt; the image size, each window {@code image[y:y+size, x:x+size]} -
 * so windows near the right/bottom edge are cut short by the image border and hold fewer cells (or none),
 * exactly as numpy slicing gives them to skimage. With the seed's 24-pixel windows, step 6 and 8x8 cells on
 * 48x48 this yields 18 x 18 cells x 8 orientations = 2592 values.
 */
public final class SlidingHog {
    public static final int SEED_WINDOW = 24, SEED_STEP = 6;

    private final Hog hog;
    private final int window, step;

    public SlidingHog(HogParams params, int window, int step) {
        if (window < 1 || step < 1) throw new IllegalArgumentException("window and step must be >= 1, got " + window + ", " + step);
        this.hog = new Hog(params);
        this.window = window;
        this.step = step;
    }

    /** The seed's configuration: 24-pixel windows, step 6, {@link HogParams#SEED_WINDOW}. */
    public static SlidingHog seed() { return new SlidingHog(HogParams.SEED_WINDOW, SEED_WINDOW, SEED_STEP); }

    public HogParams params() { return hog.params(); }

    public int dimension(int rows, int cols) {
        int d = 0;
        for (int y = 0; y < rows; y += step)
            for (int x = 0; x < cols; x += step)
                d += hog.dimension(Math.min(window, rows - y), Math.min(window, cols - x));
        return d;
    }

    public float[] compute(byte[] pixels, int width, int height) {
        float[] out = new float[dimension(height, width)];
        compute(pixels, 0, width, height, out, 0);
        return out;
    }

    /** Writes {@link #dimension}(height, width) values for the image at {@code pixels[offset]}; returns the count. */
    public int compute(byte[] pixels, int offset, int width, int height, float[] out, int outOffset) {
        int o = outOffset;
        for (int y = 0; y < height; y += step)
            for (int x = 0; x < width; x += step)
                o += hog.compute(pixels, offset, width, x, y, Math.min(window, width - x), Math.min(window, height - y), out, o);
        return o - outOffset;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", window);
        m.put("step", step);
        m.put("hog", hog.params().toMap());
        return m;
    }
}
