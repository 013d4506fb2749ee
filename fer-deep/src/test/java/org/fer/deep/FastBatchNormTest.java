package org.fer.deep;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
        // 1e-2, not 1e-3, since the ReLUs after batch norm (session 10): a unit within float rounding of 0 can pass its
        // gradient in one network and not in the other; a wrong formula differs by O(0.1-1)
        assertTrue(d < 1e-2, "gradients (batch-norm moving-statistic updates included) differ: relative " + d);
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

    /** A batch whose mean is 10^5 times its spread: the variance must not cancel (a one-pass E[x^2] - mean^2 in floats would). */
    @Test
    void varianceOfAFarFromZeroBatch() {
        FastBatchNorm f = FastBatchNorm.of(Networks.build("xception", 1, 1e-3, 1e-4, null), "m2_bn1");
        assertTextbook(f, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 4, 3, 5).muli(0.01).addi(1000));
    }

    /**
     * Odd and even shapes: a batch of one map one pixel high (ND4J gives such arrays strides that its own "default strides" check
     * rejects; they are dense all the same), channel counts from 7 to 100, more rows than channels and fewer.
     */
    @Test
    void textbookFormulasForManyShapes() {
        FastBatchNorm f = FastBatchNorm.of(Networks.build("xception", 1, 1e-3, 1e-4, null), "m2_bn1");
        long[][] shapes = {{1, 1, 3, 8}, {2, 4, 8, 8}, {4, 12, 12, 16}, {2, 3, 3, 100}, {3, 7, 5, 24}, {5, 9, 7, 7}};
        for (long[] shape : shapes) assertTextbook(f, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape).muli(2).addi(3));
    }

    /** Forward and backward of {@code f} on {@code x} (gamma 1, beta 0, random dy) against the textbook formulas in doubles. */
    private static void assertTextbook(FastBatchNorm f, INDArray x) {
        int c = (int) x.size(3);
        String at = java.util.Arrays.toString(x.shape()) + ": ";
        INDArray gamma = Nd4j.ones(1, c), beta = Nd4j.zeros(1, c);
        INDArray dy = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, x.shape()).subi(0.5);
        INDArray out = f.preOutput(x, true, x.shape(), gamma, beta, null, null, 0.9, 1e-8, CNN2DFormat.NHWC, LayerWorkspaceMgr.noWorkspaces());
        INDArray dGamma = Nd4j.zeros(1, c), dBeta = Nd4j.zeros(1, c);
        INDArray dx = f.backpropGradient(x, dy, x.shape(), gamma, beta, dGamma, dBeta, 1e-8, CNN2DFormat.NHWC,
                LayerWorkspaceMgr.noWorkspaces()).getSecond();
        float[] xs = x.reshape(x.length()).toFloatVector(), os = out.reshape(out.length()).toFloatVector();
        float[] dys = dy.reshape(dy.length()).toFloatVector(), dxs = dx.reshape(dx.length()).toFloatVector();
        int m = xs.length / c;
        for (int k = 0; k < c; k++) { // the textbook formulas in doubles, gamma = 1, beta = 0
            double mean = 0, var = 0, sumDy = 0, sumDyXHat = 0;
            for (int r = 0; r < m; r++) mean += xs[r * c + k];
            mean /= m;
            for (int r = 0; r < m; r++) var += (xs[r * c + k] - mean) * (xs[r * c + k] - mean);
            var /= m;
            double invStd = 1 / Math.sqrt(var + 1e-8);
            assertEquals(mean, f.getMeanCache(null).getDouble(k), 1e-4 * Math.sqrt(var) + 1e-6 * Math.abs(mean), at + "mean of channel " + k);
            assertEquals(var, f.getVarCache(null).getDouble(k), var * 1e-3, at + "variance of channel " + k);
            for (int r = 0; r < m; r++) {
                double xHat = (xs[r * c + k] - mean) * invStd;
                assertEquals(xHat, os[r * c + k], 2e-3, at + "output " + r + "," + k);
                sumDy += dys[r * c + k];
                sumDyXHat += dys[r * c + k] * xHat;
            }
            assertEquals(sumDy, dBeta.getDouble(k), 1e-4 * m, at + "dBeta of channel " + k);
            assertEquals(sumDyXHat, dGamma.getDouble(k), 1e-3 * m, at + "dGamma of channel " + k);
            for (int r = 0; r < m; r++) {
                double xHat = (xs[r * c + k] - mean) * invStd;
                double expected = invStd / m * (m * dys[r * c + k] - sumDy - xHat * sumDyXHat);
                assertEquals(expected, dxs[r * c + k], 2e-3 * invStd, at + "input gradient " + r + "," + k);
            }
        }
    }

    /** A strided view (an NCHW array seen as NHWC) gives what its dense copy gives, forward and backward. */
    @Test
    void stridedViewsLikeDenseArrays() {
        FastBatchNorm f = FastBatchNorm.of(Networks.build("xception", 1, 1e-3, 1e-4, null), "m2_bn1");
        int c = 4;
        INDArray dense = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 5, 5, c), dyDense = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 5, 5, c).subi(0.5);
        INDArray view = dense.permute(0, 3, 1, 2).dup('c').permute(0, 2, 3, 1), dyView = dyDense.permute(0, 3, 1, 2).dup('c').permute(0, 2, 3, 1);
        assertEquals(dense, view);
        INDArray gamma = Nd4j.rand(1, c).addi(0.5), beta = Nd4j.rand(1, c);
        INDArray[] out = new INDArray[2], dx = new INDArray[2], dGamma = new INDArray[2];
        INDArray[][] in = {{dense, dyDense}, {view, dyView}};
        for (int i = 0; i < 2; i++) {
            out[i] = f.preOutput(in[i][0], true, in[i][0].shape(), gamma, beta, null, null, 0.9, 1e-5, CNN2DFormat.NHWC, LayerWorkspaceMgr.noWorkspaces());
            dGamma[i] = Nd4j.zeros(1, c);
            dx[i] = f.backpropGradient(in[i][0], in[i][1], in[i][0].shape(), gamma, beta, dGamma[i], Nd4j.zeros(1, c), 1e-5, CNN2DFormat.NHWC,
                    LayerWorkspaceMgr.noWorkspaces()).getSecond();
        }
        assertTrue(out[0].norm2Number().doubleValue() > 0 && dx[0].norm2Number().doubleValue() > 0);
        assertEquals(out[0], out[1]);
        assertEquals(dx[0], dx[1]);
        assertEquals(dGamma[0], dGamma[1]);
    }
}
