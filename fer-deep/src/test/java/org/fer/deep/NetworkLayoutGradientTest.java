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
        ComputationGraph[] ab = pairWithoutDropout(name, nhwcLayout);
        ComputationGraph a = ab[0], b = ab[1];
        b.setParams(a.params().dup());
        gradientsOnOneBatch(a, b, nhwcLayout, 5);
        INDArray ga = a.gradient().gradient(), gb = b.gradient().gradient();
        double rel = ga.sub(gb).norm2Number().doubleValue() / ga.norm2Number().doubleValue();
        // 1e-2 since the ReLUs after batch norm (session 10): units within float rounding of 0 may pass their gradient
        // in one layout only; the inception's NHWC error is ~8
        assertTrue(rel < 1e-2, name + ": gradient differs between layouts, relative norm " + rel);
    }

    /**
     * The Simple CNN in NHWC computes the same function as in NCHW once the dense layer's input rows follow the other
     * flatten order (NCHW flattens channel-major, NHWC channel-minor): same loss, same gradient for every parameter.
     */
    @org.junit.jupiter.api.Test
    void simpleCnnSameLossAndGradientUpToTheFlattenOrder() {
        Networks.Layout nhwcLayout = new Networks.Layout(CNN2DFormat.NHWC, WorkspaceMode.ENABLED);
        ComputationGraph[] ab = pairWithoutDropout("simple", nhwcLayout);
        ComputationGraph a = ab[0], b = ab[1];
        b.setParams(a.params().dup());
        int side = 6, ch = 128; // the last block's output: 6x6x128
        int[] nhwcRowOf = new int[side * side * ch];
        for (int c = 0; c < ch; c++)
            for (int h = 0; h < side; h++)
                for (int w = 0; w < side; w++) nhwcRowOf[c * side * side + h * side + w] = (h * side + w) * ch + c;
        INDArray wa = a.getParam("fc_W"), wb = b.getParam("fc_W");
        for (int i = 0; i < nhwcRowOf.length; i++) wb.getRow(nhwcRowOf[i]).assign(wa.getRow(i));
        gradientsOnOneBatch(a, b, nhwcLayout, 7);
        for (var e : a.gradient().gradientForVariable().entrySet()) {
            INDArray ga = e.getValue(), gb = b.gradient().getGradientFor(e.getKey());
            if (e.getKey().equals("fc_W")) {
                INDArray back = gb.dup();
                for (int i = 0; i < nhwcRowOf.length; i++) back.getRow(i).assign(gb.getRow(nhwcRowOf[i]));
                gb = back;
            }
            double n = ga.norm2Number().doubleValue();
            double rel = ga.sub(gb).norm2Number().doubleValue() / Math.max(n, 1e-12);
            assertTrue(n == 0 || rel < 1e-3, e.getKey() + ": gradient differs between layouts, relative norm " + rel);
        }
    }

    /** The network in NCHW and in the given layout, dropout off (its masks are drawn in layout order). */
    private static ComputationGraph[] pairWithoutDropout(String name, Networks.Layout other) {
        ComputationGraph a = Networks.build(name, 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, Networks.Layout.DEFAULT);
        ComputationGraph b = Networks.build(name, 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, other);
        for (ComputationGraph g : new ComputationGraph[]{a, b})
            for (var l : g.getLayers()) l.conf().getLayer().setIDropout(null);
        return new ComputationGraph[]{a, b};
    }

    /** Loss and gradients of both networks on the same 6 random faces; the losses must agree. */
    private static void gradientsOnOneBatch(ComputationGraph nchw, ComputationGraph nhwc, Networks.Layout nhwcLayout, long seed) {
        byte[] px = new byte[6 * 2304];
        new Random(seed).nextBytes(px);
        INDArray x = FaceTensorContract.toInput(px, new int[]{0, 1, 2, 3, 4, 5});
        INDArray y = Nd4j.zeros(6, 7);
        for (int i = 0; i < 6; i++) y.putScalar(i, (i * seed) % 7, 1);
        nchw.setInputs(x);
        nchw.setLabels(y);
        nchw.computeGradientAndScore();
        nhwc.setInputs(nhwcLayout.input(x));
        nhwc.setLabels(y);
        nhwc.computeGradientAndScore();
        assertEquals(nchw.score(), nhwc.score(), 1e-4, "loss");
    }
}
