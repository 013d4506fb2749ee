package org.fer.deep;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.fer.data.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Batch-norm re-estimation: on one batch of faces, a network with re-estimated statistics computes in inference mode
 * exactly what it computes in training mode on that batch (batch statistics = re-estimated statistics), whatever the
 * statistics were before; nothing but the statistics changes.
 */
class BatchNormStatsTest {
    static Split faces;

    @BeforeAll
    static void data() {
        DeepRuntime.init();
        faces = SynthData.split("train", 9, 0, 5); // 63 faces: one batch
    }

    private static INDArray input(ComputationGraph g, Split s) {
        int[] idx = new int[s.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return Networks.Layout.of(g).input(FaceTensorContract.toInput(s.x(), idx));
    }

    /** Sets every batch norm's statistics to values unrelated to any data. */
    private static void scramble(ComputationGraph g) {
        for (Layer l : g.getLayers())
            if (l instanceof BatchNormalization bn)
                for (var e : bn.paramTable().entrySet())
                    if (!e.getKey().equals("gamma") && !e.getKey().equals("beta")) e.getValue().assign(Nd4j.rand(e.getValue().dataType(), e.getValue().shape()).addi(0.3));
    }

    private static void checkOneBatchIdentity(String network) {
        ComputationGraph g = Networks.build(network, 11, 1e-3, 0, null);
        // give gamma and beta values other than 1 and 0, so that a wrong variance or mean shows in the output
        for (Layer l : g.getLayers())
            if (l instanceof BatchNormalization bn) {
                bn.getParam("gamma").assign(Nd4j.rand(bn.getParam("gamma").dataType(), bn.getParam("gamma").shape()).addi(0.5));
                bn.getParam("beta").assign(Nd4j.rand(bn.getParam("beta").dataType(), bn.getParam("beta").shape()).subi(0.5));
            }
        scramble(g);
        INDArray x = input(g, faces);
        INDArray trainingMode = g.outputSingle(true, x).dup();
        INDArray before = g.outputSingle(false, x).dup();
        assertFalse(before.equalsWithEps(trainingMode, 1e-3), network + ": scrambled statistics must change the inference output");
        INDArray othersBefore = nonStatistics(g);
        BatchNormStats.Summary s = BatchNormStats.reestimate(new DeepModel(g, Map.of()), faces, 0, 1);
        assertEquals(faces.size(), s.faces());
        assertTrue(s.layers() > 0);
        INDArray after = g.outputSingle(false, x);
        assertTrue(after.equalsWithEps(trainingMode, 2e-4), network + ": inference after re-estimation " + after.getRow(0) + " vs training mode " + trainingMode.getRow(0));
        assertTrue(nonStatistics(g).equalsWithEps(othersBefore, 0), network + ": only the statistics change");
    }

    /** Every parameter but the batch norms' statistics, concatenated. */
    private static INDArray nonStatistics(ComputationGraph g) {
        java.util.List<INDArray> parts = new java.util.ArrayList<>();
        for (Layer l : g.getLayers())
            for (var e : l.paramTable().entrySet())
                if (!(l instanceof BatchNormalization) || e.getKey().equals("gamma") || e.getKey().equals("beta")) parts.add(e.getValue().reshape(-1).dup());
        return Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    @Test
    void oneBatchReestimatedInferenceEqualsTrainingModeNchw() {
        checkOneBatchIdentity("tiny");
    }

    @Test
    void oneBatchReestimatedInferenceEqualsTrainingModeNhwc() {
        checkOneBatchIdentity("xception");
    }

    @Test
    void limitUsesTheFirstFacesAndIsDeterministic() {
        ComputationGraph a = Networks.build("tiny", 3, 1e-3, 0, null), b = a.clone();
        Split first = new Split("first", java.util.Arrays.copyOf(faces.x(), 20 * org.fer.core.Face48.PIXELS),
                java.util.Arrays.copyOf(faces.y(), 20), java.util.Arrays.copyOf(faces.rows(), 20));
        assertEquals(20, BatchNormStats.reestimate(new DeepModel(a, Map.of()), faces, 20, 1).faces());
        BatchNormStats.reestimate(new DeepModel(b, Map.of()), first, 0, 1);
        assertTrue(a.params().equalsWithEps(b.params(), 0), "limit 20 = the split's first 20 faces");
    }

    @Test
    void augmentedFacesGiveOtherStatisticsReproducibly() {
        ComputationGraph plain = Networks.build("tiny", 3, 1e-3, 0, null), aug1 = plain.clone(), aug2 = plain.clone(), aug3 = plain.clone();
        Augmenter a = Augmenter.DEFAULT.withEraseProb(0.5);
        BatchNormStats.reestimate(new DeepModel(plain, Map.of()), faces, 0, 1);
        BatchNormStats.Summary s = BatchNormStats.reestimate(new DeepModel(aug1, Map.of()), faces, 0, a, 1);
        BatchNormStats.reestimate(new DeepModel(aug2, Map.of()), faces, 0, a, 1);
        BatchNormStats.reestimate(new DeepModel(aug3, Map.of()), faces, 0, a, 2);
        assertEquals(a, s.augment());
        assertTrue(aug1.params().equalsWithEps(aug2.params(), 0), "same seed, same statistics");
        assertFalse(aug1.params().equalsWithEps(plain.params(), 1e-4), "augmented faces, other statistics");
        assertFalse(aug1.params().equalsWithEps(aug3.params(), 1e-4), "another seed, other augmented faces");
    }
}
