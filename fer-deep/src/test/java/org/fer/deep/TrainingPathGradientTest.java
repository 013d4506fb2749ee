package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The path training really takes (float, oneDNN helpers, {@link FastBatchNorm}) computes the same loss and gradient as
 * DL4J's reference path (the same network converted to double: no oneDNN, DL4J's own batch norm), for every parameter.
 * Written in session 11 while looking for why the Simple CNN learned slowly (it was not the gradient: dead dense units).
 */
class TrainingPathGradientTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "xception"})
    void floatTrainingPathMatchesDoubleReference(String name) {
        Networks.Layout layout = Networks.Layout.preferred(name);
        ComputationGraph f = Networks.build(name, 3, 1e-3, 0.0, null, HybridInputs.DEFAULT_DIMENSION, layout);
        for (var l : f.getLayers()) l.conf().getLayer().setIDropout(null); // masks would differ between the two
        ComputationGraph d = f.convertDataType(DataType.DOUBLE);
        for (var l : d.getLayers()) l.conf().getLayer().setIDropout(null);
        assertTrue(countFast(f) > 0, "the float network trains with FastBatchNorm (Networks.build installs it)");
        int n = 16;
        byte[] px = new byte[n * 2304];
        new Random(5).nextBytes(px);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        INDArray x = layout.input(FaceTensorContract.toInput(px, idx));
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 7);
        for (int i = 0; i < n; i++) y.putScalar(i, i % 7, 1);
        f.setInputs(x);
        f.setLabels(y);
        f.computeGradientAndScore();
        d.setInputs(x.castTo(DataType.DOUBLE));
        d.setLabels(y.castTo(DataType.DOUBLE));
        d.computeGradientAndScore();
        assertEquals(d.score(), f.score(), 1e-4 * Math.abs(d.score()), name + " loss");
        int checked = 0;
        for (var e : d.gradient().gradientForVariable().entrySet()) {
            if (e.getKey().endsWith("_mean") || e.getKey().endsWith("_var") || e.getKey().endsWith("log10stdev")) continue; // running statistics, not gradients
            INDArray gd = e.getValue(), gf = f.gradient().getGradientFor(e.getKey()).castTo(DataType.DOUBLE);
            double norm = gd.norm2Number().doubleValue();
            double rel = gd.sub(gf).norm2Number().doubleValue() / Math.max(norm, 1e-12);
            // measured ~1e-6 (float rounding); a ReLU unit within rounding of 0 may flip; a wrong formula gives O(0.1-1)
            assertTrue(norm == 0 || rel < 1e-2, name + " " + e.getKey() + ": relative gradient difference " + rel);
            checked++;
        }
        assertTrue(checked > 10, name + ": " + checked + " parameters checked");
    }

    private static int countFast(ComputationGraph g) {
        int n = 0;
        for (var l : g.getLayers()) if (FastBatchNorm.of(g, l.conf().getLayer().getLayerName()) != null) n++;
        return n;
    }
}
