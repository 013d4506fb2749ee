package org.fer.classic;

import org.fer.core.FerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SvmTest {
    private static final FeatureMatrix TRAIN = Fixtures.blobs("train", 60, 10, 1.2, 11);
    private static final FeatureMatrix VAL = Fixtures.blobs("val", 20, 10, 1.2, 12);
    private static final ClassWeights W = ClassWeights.of("balanced", TRAIN.y());

    private static double valAccuracy(SvmConfig cfg) {
        SvmTrainer.Result r = SvmTrainer.train(TRAIN, VAL, List.of(W), List.of(cfg), 0, 1);
        try (SvmPredictor p = r.predictor()) {
            return LgbmTrainer.accuracy(p.proba(VAL.x(), VAL.rows(), VAL.cols()), VAL.y());
        }
    }

    @Test
    void everySolverLearnsSeparableBlobs() {
        double g = 1.0 / TRAIN.cols();
        double linear = valAccuracy(new SvmConfig("linear", "dual-cd", 1, 0, 0, 60, 0.1, 1));
        double rff = valAccuracy(new SvmConfig("rbf", "rff", 1, g, 800, 60, 0.1, 1));
        double exact = valAccuracy(new SvmConfig("rbf", "exact", 1, g, 0, 0, 0, 1));
        assertTrue(linear > 0.6 && rff > 0.6 && exact > 0.6, "val accuracy linear " + linear + " rff " + rff + " exact " + exact);
    }

    @Test
    void randomFourierFeaturesApproximateTheRbfKernel() {
        RandomFourierFeatures rff = RandomFourierFeatures.create(10, 6000, 0.1, 3);
        float[] two = new float[20];
        for (int k = 0; k < 10; k++) { two[k] = TRAIN.get(0, k) / 5; two[10 + k] = TRAIN.get(1, k) / 5; }
        float[] z = rff.apply(two, 2);
        double dot = 0, d2 = 0;
        for (int k = 0; k < 6000; k++) dot += z[k] * z[6000 + k];
        for (int k = 0; k < 10; k++) d2 += (two[k] - two[10 + k]) * (two[k] - two[10 + k]);
        assertEquals(Math.exp(-0.1 * d2), dot, 0.05);
    }

    @Test
    void scalerIsFittedOnTrainOnly() {
        Standardizer s = Standardizer.fit(TRAIN);
        float[] z = s.apply(TRAIN.x(), TRAIN.rows(), TRAIN.cols());
        for (int c = 0; c < TRAIN.cols(); c++) {
            double mean = 0;
            for (int r = 0; r < TRAIN.rows(); r++) mean += z[r * TRAIN.cols() + c];
            assertEquals(0, mean / TRAIN.rows(), 1e-4);
        }
        SvmTrainer.Result r = SvmTrainer.train(TRAIN, VAL, List.of(W), List.of(new SvmConfig("linear", "dual-cd", 1, 0, 0, 20, 0.1, 1)), 0, 1);
        Map<String, byte[]> e = r.predictor().entries();
        assertTrue(e.containsKey("scaler_mean.npy"));
        float[] mean = s.mean();
        // the saved model's scaler is exactly the train-fitted one
        assertArrayEquals(mean, Standardizer.fit(TRAIN).mean());
    }

    @Test
    void stratifiedSampleKeepsClassShares() {
        int[] y = new int[7000];
        for (int i = 0; i < y.length; i++) y[i] = i < 700 ? 1 : i % 7;
        int[] s = SvmTrainer.stratifiedSample(y, 700, 5);
        assertTrue(Math.abs(s.length - 700) <= 7);
        int ones = 0;
        for (int i : s) if (y[i] == 1) ones++;
        assertEquals(Math.round(700.0 * (700 + 900) / 7000), ones, 2);
        assertArrayEquals(s, SvmTrainer.stratifiedSample(y, 700, 5), "seeded");
        assertEquals(7000, SvmTrainer.stratifiedSample(y, 0, 5).length);
    }

    @Test
    void gridPicksOnValAndRefitsOnAllRows(@TempDir Path tmp) {
        Path dir = Fixtures.featureDir(tmp.resolve("feat"), "blobs", 60, 8);
        FeatureInput in = FeatureInput.features(dir);
        SvmRun.Options o = new SvmRun.Options("rbf", "rff", List.of(0.1, 1.0), null, 300, 200, 40, List.of("balanced"), 3);
        ClassicRun.Outcome out = SvmRun.run("svm-test", "test", in, tmp.resolve("out"), o, System.nanoTime());
        Map<String, Object> metrics = org.fer.io.Json.readMap(out.metrics());
        @SuppressWarnings("unchecked") Map<String, Object> training = (Map<String, Object>) metrics.get("training");
        assertEquals(6, ((List<?>) training.get("grid")).size());
        @SuppressWarnings("unchecked") Map<String, Object> sel = (Map<String, Object>) training.get("selection");
        assertEquals(in.split("train").rows(), sel.get("final_fit_rows"));
        assertTrue(((Number) sel.get("grid_rows")).intValue() < in.split("train").rows());
        assertTrue(out.accuracy().get("public_test") > 0.7);
    }

    @Test
    void badOptionsAreOneLineErrors() {
        FerException e = assertThrows(FerException.class, () -> new SvmRun.Options("poly", "rff", List.of(1.0), null, 10, 0, 10, List.of("balanced"), 1));
        assertTrue(e.getMessage().contains("--kernel"));
        assertThrows(FerException.class, () -> new SvmRun.Options("rbf", "rff", List.of(-1.0), null, 10, 0, 10, List.of("balanced"), 1));
        assertThrows(FerException.class, () -> ClassWeights.of("heavy", new int[]{0, 1}));
        FerException missing = assertThrows(FerException.class, () -> FeatureInput.features(Path.of("/nonexistent/feat")));
        assertTrue(missing.getMessage().contains("/nonexistent/feat"));
    }
}
