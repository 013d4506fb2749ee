package org.fer.deep;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training the mini-Xception in NHWC (its default layout) is the same computation as in NCHW: same loss and same gradient
 * for the same parameters and batch. (The same check fails for inception — DL4J 1.0.0-M2.1's NHWC backward pass through its
 * modules is wrong, relative gradient error ~8 — which is why only the Xception trains in NHWC: Networks.Layout.preferred.)
 */
class NetworkLayoutGradientTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    @ParameterizedTest
    @ValueSource(strings = {"xception"})
    void sameLossAndGradient(String name) {
        Networks.Layout nhwcLayout = new Networks.Layout(CNN2DFormat.NHWC, WorkspaceMode.ENABLED);
        ComputationGraph a = Networks.build(name, 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, Networks.Layout.DEFAULT);
        ComputationGraph b = Networks.build(name, 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, nhwcLayout);
        for (ComputationGraph g : new ComputationGraph[]{a, b}) // dropout masks are drawn in layout order: switch dropout off to compare
            for (var l : g.getLayers()) l.conf().getLayer().setIDropout(null);
        b.setParams(a.params().dup());
        byte[] px = new byte[6 * 2304];
        new Random(5).nextBytes(px);
        INDArray x = FaceTensorContract.toInput(px, new int[]{0, 1, 2, 3, 4, 5});
        INDArray y = Nd4j.zeros(6, 7);
        for (int i = 0; i < 6; i++) y.putScalar(i, i % 7, 1);
        a.setInputs(x);
        a.setLabels(y);
        a.computeGradientAndScore();
        b.setInputs(nhwcLayout.input(x));
        b.setLabels(y);
        b.computeGradientAndScore();
        assertEquals(a.score(), b.score(), 1e-4, "loss");
        INDArray ga = a.gradient().gradient(), gb = b.gradient().gradient();
        double rel = ga.sub(gb).norm2Number().doubleValue() / ga.norm2Number().doubleValue();
        assertTrue(rel < 1e-3, name + ": gradient differs between layouts, relative norm " + rel);
    }
}
