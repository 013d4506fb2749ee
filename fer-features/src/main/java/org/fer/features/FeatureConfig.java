package org.fer.features;

import org.fer.features.hog.HogParams;
import org.fer.features.hog.SlidingHog;
import org.fer.features.landmarks.Box;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a feature vector. Defaults ({@link #seed}) follow the seed's sources
 * (amineHorseman/facial-expression-recognition-svm, convert_fer2013_to_images_and_landmarks.py):
 * <ul>
 *   <li>whole-face HOG: orientations 8, pixels_per_cell (16,16), cells_per_block (1,1), block norm L1
 *       (scikit-image's default when that code was written);</li>
 *   <li>sliding HOG: windows of 24 px every 6 px, each with orientations 8, pixels_per_cell (8,8),
 *       cells_per_block (1,1);</li>
 *   <li>landmarks: dlib's 68-point model with the box left=1, top=1, right=47, bottom=47 on the 48x48
 *       face. The seed stored rounded pixel coordinates; here they are the unrounded box-normalised
 *       coordinates (u = (x - left) / (right - left), likewise v), which carry more information and are
 *       independent of the crop size; pairwise distances are off by default.</li>
 * </ul>
 */
public record FeatureConfig(FeatureKind kind, HogParams hog, HogParams windowHog, int window, int step,
                            Box box, boolean pairwiseDistances) {

    public static final Box SEED_BOX = new Box(1, 1, 47, 47);

    public static FeatureConfig seed(FeatureKind kind) {
        return new FeatureConfig(kind, HogParams.SEED, HogParams.SEED_WINDOW, SlidingHog.SEED_WINDOW, SlidingHog.SEED_STEP, SEED_BOX, false);
    }

    public FeatureConfig withHog(HogParams h) { return new FeatureConfig(kind, h, windowHog, window, step, box, pairwiseDistances); }

    public FeatureConfig withWindowHog(HogParams h) { return new FeatureConfig(kind, hog, h, window, step, box, pairwiseDistances); }

    public FeatureConfig withWindow(int w, int s) { return new FeatureConfig(kind, hog, windowHog, w, s, box, pairwiseDistances); }

    public FeatureConfig withBox(Box b) { return new FeatureConfig(kind, hog, windowHog, window, step, b, pairwiseDistances); }

    public FeatureConfig withPairwiseDistances(boolean d) { return new FeatureConfig(kind, hog, windowHog, window, step, box, d); }

    /** The parameters that matter for this kind, for manifests. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.id());
        if (kind.usesLandmarks()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("box", List.of(box.left(), box.top(), box.right(), box.bottom()));
            lm.put("coordinates", "box-normalised, unrounded: u=(x-left)/(right-left), v=(y-top)/(bottom-top); u0,v0,...,u67,v67");
            lm.put("pairwise_distances", pairwiseDistances);
            m.put("landmarks", lm);
        }
        if (kind == FeatureKind.HOG || kind == FeatureKind.LANDMARKS_HOG) m.put("hog", hog.toMap());
        if (kind == FeatureKind.SLIDING) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("window", window);
            s.put("step", step);
            s.put("hog", windowHog.toMap());
            m.put("sliding_hog", s);
        }
        m.put("order", switch (kind) {
            case HOG -> "hog";
            case LANDMARKS -> pairwiseDistances ? "landmarks, pairwise distances" : "landmarks";
            case LANDMARKS_HOG -> pairwiseDistances ? "landmarks, pairwise distances, hog" : "landmarks, hog";
            case SLIDING -> pairwiseDistances ? "landmarks, pairwise distances, sliding hog" : "landmarks, sliding hog";
        });
        return m;
    }
}
