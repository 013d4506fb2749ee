package org.fer.features;

import org.fer.core.Face48;
import org.fer.features.hog.Hog;
import org.fer.features.hog.SlidingHog;
import org.fer.features.landmarks.LandmarkPredictor;
import org.fer.features.landmarks.Landmarks;
import org.fer.features.landmarks.ShapePredictor;

import java.util.Map;
import java.util.function.Supplier;

/** Builds the {@link FeatureExtractor} of a {@link FeatureConfig}. */
public final class Features {
    private Features() {}

    /** Landmark kinds load the predictor from {@code predictor} only when needed. */
    public static FeatureExtractor create(FeatureConfig config, Supplier<? extends LandmarkPredictor> predictor) {
        return new Composite(config, config.kind().usesLandmarks() ? predictor.get() : null);
    }

    /** With the default landmark model ({@link ShapePredictor#loadDefault()}). */
    public static FeatureExtractor create(FeatureConfig config) { return create(config, ShapePredictor::loadDefault); }

    /** Number of pairwise distances between n points. */
    static int pairs(int n) { return n * (n - 1) / 2; }

    /** Landmark feature block: u,v of every point (box-normalised), then optional pairwise distances. */
    public static int landmarkDimension(int points, boolean distances) { return 2 * points + (distances ? pairs(points) : 0); }

    /** Writes a landmark block for {@code lm} at {@code out[o]}; returns the values written. */
    public static int writeLandmarks(Landmarks lm, boolean distances, float[] out, int o) {
        int n = lm.count();
        float[] s = lm.normalised();
        System.arraycopy(s, 0, out, o, s.length);
        int k = o + s.length;
        if (distances)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    double dx = s[2 * i] - s[2 * j], dy = s[2 * i + 1] - s[2 * j + 1];
                    out[k++] = (float) Math.sqrt(dx * dx + dy * dy);
                }
        return k - o;
    }

    private static final class Composite implements FeatureExtractor {
        private final FeatureConfig cfg;
        private final LandmarkPredictor predictor;
        private final Hog hog;
        private final SlidingHog sliding;
        private final int lmDim, hogDim, dim;

        Composite(FeatureConfig cfg, LandmarkPredictor predictor) {
            this.cfg = cfg;
            this.predictor = predictor;
            FeatureKind k = cfg.kind();
            lmDim = k.usesLandmarks() ? landmarkDimension(predictor.landmarkCount(), cfg.pairwiseDistances()) : 0;
            hog = (k == FeatureKind.HOG || k == FeatureKind.LANDMARKS_HOG) ? new Hog(cfg.hog()) : null;
            sliding = k == FeatureKind.SLIDING ? new SlidingHog(cfg.windowHog(), cfg.window(), cfg.step()) : null;
            hogDim = hog != null ? hog.dimension(Face48.SIDE, Face48.SIDE) : sliding != null ? sliding.dimension(Face48.SIDE, Face48.SIDE) : 0;
            if ((hog != null || sliding != null) && hogDim == 0)
                throw new IllegalArgumentException("HOG parameters give no values on a 48x48 face: " + (hog != null ? cfg.hog() : cfg.windowHog()));
            dim = lmDim + hogDim;
        }

        @Override public String kind() { return cfg.kind().id(); }

        @Override public int dimension() { return dim; }

        @Override public Map<String, Object> parameters() { return cfg.toMap(); }

        @Override
        public float[] extract(Face48 face) {
            float[] out = new float[dim];
            extract(face.bytes(), 0, out, 0);
            return out;
        }

        @Override
        public void extract(byte[] tensor, int index, float[] out, int outOffset) {
            int off = index * Face48.PIXELS;
            if (predictor != null)
                writeLandmarks(predictor.predict(tensor, off, Face48.SIDE, Face48.SIDE, cfg.box()), cfg.pairwiseDistances(), out, outOffset);
            writeHog(tensor, off, out, outOffset + lmDim);
        }

        @Override
        public void extractAll(byte[] tensor, int first, int n, float[] out, int outOffset) {
            if (predictor instanceof ShapePredictor sp) {
                Landmarks[] lms = sp.predictTensor(tensor, first, n, Face48.SIDE, Face48.SIDE, cfg.box());
                for (int i = 0; i < n; i++) {
                    int o = outOffset + i * dim;
                    writeLandmarks(lms[i], cfg.pairwiseDistances(), out, o);
                    writeHog(tensor, (first + i) * Face48.PIXELS, out, o + lmDim);
                }
            } else {
                FeatureExtractor.super.extractAll(tensor, first, n, out, outOffset);
            }
        }

        private void writeHog(byte[] tensor, int off, float[] out, int o) {
            if (hog != null) hog.compute(tensor, off, Face48.SIDE, 0, 0, Face48.SIDE, Face48.SIDE, out, o);
            else if (sliding != null) sliding.compute(tensor, off, Face48.SIDE, Face48.SIDE, out, o);
        }
    }
}
