package org.fer.deep;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ClassWeightsTest {
    @Test
    void balancedIsNOverKTimesCount() {
        int[] counts = {100, 10, 50, 200, 40, 0, 300};
        float[] w = TrainConfig.balancedWeights(counts);
        assertEquals(700.0 / (7 * 100), w[0], 1e-6);
        assertEquals(700.0 / (7 * 10), w[1], 1e-6);
        assertEquals(1.0, w[5], 0, "an absent class gets weight 1");
        // every present class carries the same total weight
        for (int c = 0; c < 7; c++) if (counts[c] > 0) assertEquals(100.0, counts[c] * w[c], 1e-3);
    }

    @Test
    void equalCountsGiveOnes() {
        for (float v : TrainConfig.balancedWeights(new int[]{5, 5, 5, 5, 5, 5, 5})) assertEquals(1f, v, 1e-6);
    }

    @Test
    void weightsReachTheLossFunction() {
        float[] w = TrainConfig.balancedWeights(new int[]{1, 2, 3, 4, 5, 6, 7});
        var g = Networks.build("tiny", 1, 1e-3, 0, w);
        var loss = (org.nd4j.linalg.lossfunctions.impl.LossMCXENT)
                ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) g.getLayer("out").conf().getLayer()).getLossFn();
        assertArrayEquals(w, loss.getWeights().toFloatVector(), 1e-6f);
        var plain = Networks.build("tiny", 1, 1e-3, 0, null);
        assertNull(((org.nd4j.linalg.lossfunctions.impl.LossMCXENT)
                ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) plain.getLayer("out").conf().getLayer()).getLossFn()).getWeights());
    }
}
