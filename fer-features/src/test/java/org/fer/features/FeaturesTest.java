package org.fer.features;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.features.hog.Hog;
import org.fer.features.hog.HogParams;
import org.fer.features.hog.SlidingHog;
import org.fer.features.landmarks.Box;
import org.fer.features.landmarks.LandmarkPredictor;
import org.fer.features.landmarks.Landmarks;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FeaturesTest {

    /** A fake predictor: point i at box-normalised (i/67, brightness of pixel (i % 48, 24) / 255). */
    static final LandmarkPredictor FAKE = new LandmarkPredictor() {
        @Override public int landmarkCount() { return 68; }

        @Override
        public Landmarks predict(byte[] px, int off, int w, int h, Box box) {
            float[] s = new float[136];
            for (int i = 0; i < 68; i++) {
                s[2 * i] = i / 67f;
                s[2 * i + 1] = (px[off + 24 * w + i % 48] & 0xFF) / 255f;
            }
            return new Landmarks(box, s);
        }
    };

    static byte[] faces(int n) {
        SyntheticFaces sf = new SyntheticFaces(3);
        byte[] t = new byte[n * Face48.PIXELS];
        for (int i = 0; i < n; i++) System.arraycopy(sf.face(i, Emotion.values()[i % 7]), 0, t, i * Face48.PIXELS, Face48.PIXELS);
        return t;
    }

    @Test
    void seedDimensions() {
        assertEquals(72, Features.create(FeatureConfig.seed(FeatureKind.HOG), () -> FAKE).dimension());
        assertEquals(136, Features.create(FeatureConfig.seed(FeatureKind.LANDMARKS), () -> FAKE).dimension());
        assertEquals(136 + 2278, Features.create(FeatureConfig.seed(FeatureKind.LANDMARKS).withPairwiseDistances(true), () -> FAKE).dimension());
        assertEquals(208, Features.create(FeatureConfig.seed(FeatureKind.LANDMARKS_HOG), () -> FAKE).dimension());
        assertEquals(2728, Features.create(FeatureConfig.seed(FeatureKind.SLIDING), () -> FAKE).dimension());
    }

    @Test
    void hogKindDoesNotLoadTheLandmarkModel() {
        FeatureExtractor fx = Features.create(FeatureConfig.seed(FeatureKind.HOG), () -> { throw new AssertionError("loaded"); });
        assertEquals("hog", fx.kind());
    }

    @Test
    void blocksAreLandmarksThenHogInThatOrder() {
        byte[] t = faces(3);
        Face48 f = Face48.fromTensor(t, 2);
        FeatureExtractor fx = Features.create(FeatureConfig.seed(FeatureKind.SLIDING).withPairwiseDistances(true), () -> FAKE);
        float[] v = fx.extract(f);
        Landmarks lm = FAKE.predict(f.bytes(), 0, 48, 48, FeatureConfig.SEED_BOX);
        assertArrayEquals(lm.normalised(), java.util.Arrays.copyOf(v, 136));
        // distance between points 0 and 1
        double d01 = Math.hypot(lm.u(0) - lm.u(1), lm.v(0) - lm.v(1));
        assertEquals(d01, v[136], 1e-6);
        float[] hog = SlidingHog.seed().compute(f.bytes(), 48, 48);
        assertArrayEquals(hog, java.util.Arrays.copyOfRange(v, 136 + 2278, v.length));
        // whole-face HOG block of landmarks-hog
        float[] lh = Features.create(FeatureConfig.seed(FeatureKind.LANDMARKS_HOG), () -> FAKE).extract(f);
        assertArrayEquals(new Hog(HogParams.SEED).compute(f.bytes(), 48, 48), java.util.Arrays.copyOfRange(lh, 136, 208));
    }

    @Test
    void tensorAndBatchPathsAgreeWithSingleFaces() {
        byte[] t = faces(10);
        for (FeatureKind k : FeatureKind.values()) {
            FeatureExtractor fx = Features.create(FeatureConfig.seed(k), () -> FAKE);
            float[] all = FeatureExtraction.extract(fx, t);
            for (int i = 0; i < 10; i++)
                assertArrayEquals(fx.extract(Face48.fromTensor(t, i)), java.util.Arrays.copyOfRange(all, i * fx.dimension(), (i + 1) * fx.dimension()), k + " face " + i);
        }
    }

    @Test
    void parametersDescribeTheConfiguration() {
        var p = FeatureConfig.seed(FeatureKind.SLIDING).toMap();
        assertEquals("sliding", p.get("kind"));
        assertTrue(p.containsKey("sliding_hog") && p.containsKey("landmarks") && !p.containsKey("hog"));
        assertEquals(FeatureKind.LANDMARKS_HOG, FeatureKind.parse("landmarks-hog"));
        assertThrows(IllegalArgumentException.class, () -> FeatureKind.parse("sift"));
    }
}
