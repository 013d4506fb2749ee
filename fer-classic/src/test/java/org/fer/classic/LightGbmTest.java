package org.fer.classic;

import io.github.metarank.lightgbm4j.LGBMDataset;
import org.fer.core.Emotion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LightGbmTest {
    private static final LgbmConfig SMALL = LgbmConfig.defaults().with(7, 0.2, 1.0).rounds(30, 10);

    private static LightGbm trainFew(FeatureMatrix train, int rounds) throws Exception {
        try (LGBMDataset d = LightGbm.dataset(train, null, SMALL.datasetParams(), null)) {
            LightGbm g = LightGbm.create(d, SMALL.boosterParams());
            for (int i = 0; i < rounds; i++) g.step();
            return g;
        }
    }

    @Test
    void multiclassPredictUsesRowsTimesClassesBufferWhereLightgbm4jAllocatesTwoPerRow() throws Exception {
        FeatureMatrix train = Fixtures.blobs("train", 40, 6, 2, 1), test = Fixtures.blobs("test", 30, 6, 2, 2);
        try (LightGbm g = trainFew(train, 15)) {
            int rows = test.rows();
            assertEquals(Emotion.COUNT, g.numClasses());
            // The bug: lightgbm4j's predictForMat allocates this many doubles, LightGBM writes rows x 7.
            assertEquals(2L * rows, g.libraryBufferSize(rows, test.cols()));
            assertEquals((long) rows * Emotion.COUNT, g.outputSize(rows, 0));
            assertTrue(g.outputSize(rows, 0) > g.libraryBufferSize(rows, test.cols()), "plain predictForMat would overrun");

            double[] p = g.predictProba(test.x(), rows, test.cols(), 0);
            assertEquals(rows * Emotion.COUNT, p.length);
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < Emotion.COUNT; c++) s += p[r * 7 + c];
                assertEquals(1.0, s, 1e-9, "row " + r + " sums to 1");
            }
            // Row by row gives the same numbers as the batch (no value lost or shifted by the buffer handling).
            for (int r = 0; r < rows; r += 17) {
                double[] one = g.predictProba(test.subset(new int[]{r}).x(), 1, test.cols(), 0);
                for (int c = 0; c < 7; c++) assertEquals(p[r * 7 + c], one[c], 1e-12);
            }
            assertTrue(LgbmTrainer.accuracy(p, test.y()) > 0.6, "separable blobs are learnt");
        }
    }

    @Test
    void bigBatchesAcrossChunksPredictStably() throws Exception {
        FeatureMatrix train = Fixtures.blobs("train", 30, 4, 2, 3);
        FeatureMatrix big = Fixtures.blobs("big", 700, 4, 2, 4);  // 4900 rows: three native chunks
        try (LightGbm g = trainFew(train, 10)) {
            double[] a = g.predictProba(big.x(), big.rows(), big.cols(), 0);
            double[] b = g.predictProba(big.x(), big.rows(), big.cols(), 0);
            assertArrayEquals(a, b);
            double[] tail = g.predictProba(big.subset(new int[]{big.rows() - 1}).x(), 1, big.cols(), 0);
            for (int c = 0; c < 7; c++) assertEquals(a[(big.rows() - 1) * 7 + c], tail[c], 1e-12);
        }
    }

    @Test
    void gridSearchLeavesOnlyTheWinnerOpenAndClosingFreesIt() {
        FeatureMatrix train = Fixtures.blobs("train", 30, 5, 1.5, 5), val = Fixtures.blobs("val", 10, 5, 1.5, 6);
        int before = LightGbm.openCount();
        List<LgbmConfig> grid = List.of(SMALL.with(3, 0.2, 1.0), SMALL.with(7, 0.2, 0.5), SMALL.with(15, 0.1, 1.0));
        List<ClassWeights> modes = List.of(ClassWeights.of("balanced", train.y()), ClassWeights.of("sqrt", train.y()));
        for (int round = 0; round < 3; round++) {
            LgbmTrainer.Result r = LgbmTrainer.train(train, val, modes, grid);
            assertEquals(before + 1, LightGbm.openCount(), "only the chosen booster is alive after a 6-point grid");
            assertEquals(6, r.grid().size());
            assertTrue(r.bestIteration() >= 1);
            r.predictor().close();
            r.predictor().close();  // idempotent
            assertEquals(before, LightGbm.openCount());
        }
    }

    @Test
    void savedTextReloadsToTheSameProbabilities() throws Exception {
        FeatureMatrix train = Fixtures.blobs("train", 30, 5, 2, 7), test = Fixtures.blobs("test", 10, 5, 2, 8);
        try (LightGbm g = trainFew(train, 12); LightGbm back = LightGbm.fromString(g.save(8))) {
            double[] a = g.predictProba(test.x(), test.rows(), test.cols(), 8);
            double[] b = back.predictProba(test.x(), test.rows(), test.cols(), 0);
            assertArrayEquals(a, b, 1e-12);
        }
    }
}
