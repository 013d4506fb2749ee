package org.fer.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ClassificationMetricsTest {
    @Test
    void handComputedPrecisionRecallF1AndConfusion() {
        int[] truth = {0, 0, 0, 1, 1, 3, 3, 3, 3, 6};
        int[] pred = {0, 0, 1, 1, 0, 3, 3, 3, 6, 6};
        ClassificationMetrics m = ClassificationMetrics.of(truth, pred);
        assertEquals(0.7, m.accuracy(), 1e-12);
        assertEquals(2, m.confusion()[0][0]);
        assertEquals(1, m.confusion()[0][1]);
        assertEquals(1, m.confusion()[3][6]);
        // Angry: 2 right of 3 predicted, 2 of 3 true.
        assertEquals(2 / 3.0, m.precision(0), 1e-12);
        assertEquals(2 / 3.0, m.recall(0), 1e-12);
        // Neutral: predicted twice, right once; recall 1.
        assertEquals(0.5, m.precision(6), 1e-12);
        assertEquals(1.0, m.recall(6), 1e-12);
        assertEquals(2 * 0.5 / 1.5, m.f1(6), 1e-12);
        // Classes never seen nor predicted score 0, like scikit-learn's zero_division=0.
        assertEquals(0, m.f1(2));
        assertEquals(0, m.support(2));
        assertEquals(10, m.total());
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[2], new int[3]));
    }
}
