package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** {@link FastBatchNorm} computes what DL4J's own batch norm computes: loss, every gradient (moving statistics included), outputs, updates. */
class FastBatchNormTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    private static INDArray[] batch(int n, long seed, Networks.Layout layout) {
        byte[] px = new byte[n * 2304];
        new Random(seed).nextBytes(px);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        INDArray y = Nd4j.zeros(n, 7);
        for (int i = 0; i < n; i++) y.putScalar(i, (i * 5 + (int) seed) % 7, 1);
        return new INDArray[]{layout.input(FaceTensorContract.toInput(px, idx)), y};
    }

    private static double rel(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / Math.max(1e-12, a.norm2Number().doubleValue());
    }

    /** The same network twice: one with FastBatchNorm (as built), one with DL4J's default helper. */
    private static ComputationGraph[] pair(String network) {
        ComputationGraph fast = Networks.build(network, 11, 1e-3, 1e-4, null);
        ComputationGraph dl4j = Networks.build(network, 11, 1e-3, 1e-4, null);
        dl4j.setParams(fast.params().dup());
        assertTrue(FastBatchNorm.uninstall(dl4j) > 0);
        return new ComputationGraph[]{fast, dl4j};
    }

    @Test
    void installedInEveryNhwcBatchNormOnly() {
        ComputationGraph x = Networks.build("xception", 1, 1e-3, 1e-4, null);
        assertEquals(Networks.Layout.of(x).format(), org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
        long fast = java.util.Arrays.stream(x.getLayers()).filter(l -> FastBatchNorm.of(x, l.conf().getLayer().getLayerName()) != null).count();
        assertEquals(14, fast, "Networks.build installs it in all 14 (2 stem + 3 per residual module x 4)");
        assertEquals(0, FastBatchNorm.install(x), "installing again changes nothing");
        assertEquals(14, FastBatchNorm.uninstall(x));
        assertNull(FastBatchNorm.of(x, "b1"));
        assertEquals(14, FastBatchNorm.install(x));
        ComputationGraph inception = Networks.build("inception", 1, 1e-3, 1e-4, null); // NCHW: DL4J's helper stays
        assertEquals(0, FastBatchNorm.install(inception));
    }

    @Test
    void sameLossGradientsAndOutputsAsDl4j() {
        ComputationGraph[] p = pair("xception");
        INDArray[] xy = batch(8, 1, Networks.Layout.of(p[0]));
        for (ComputationGraph g : p) {
            g.setInputs(xy[0]);
            g.setLabels(xy[1]);
            g.computeGradientAndScore();
        }
        assertNotNull(FastBatchNorm.of(p[0], "m2_bn1").getMeanCache(null), "the fast path ran (batch statistics kept)");
        assertNull(FastBatchNorm.of(p[1], "m2_bn1"));
        assertEquals(p[1].score(), p[0].score(), 1e-5, "loss");
        INDArray gFast = p[0].gradient().gradient(), gDl4j = p[1].gradient().gradient();
        assertTrue(gDl4j.norm2Number().doubleValue() > 0);
        double d = rel(gDl4j, gFast);
        assertTrue(d < 1e-3, "gradients (batch-norm moving-statistic updates included) differ: relative " + d);
        double o = rel(p[1].output(false, xy[0])[0], p[0].output(false, xy[0])[0]);
        assertTrue(o < 1e-5, "inference outputs differ: " + o);
    }

    @Test
    void trainingStepsStayTogether() {
        ComputationGraph[] p = pair("xception");
        Networks.Layout layout = Networks.Layout.of(p[0]);
        for (int s = 0; s < 3; s++) {
            INDArray[] xy = batch(8, 20 + s, layout);
            for (ComputationGraph g : p) g.fit(new INDArray[]{xy[0]}, new INDArray[]{xy[1]});
        }
        double d = rel(p[1].params(), p[0].params());
        assertTrue(d < 1e-4, "parameters after 3 Adam steps differ: " + d);
    }
}
