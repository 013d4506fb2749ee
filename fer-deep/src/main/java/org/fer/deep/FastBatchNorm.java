package org.fer.deep;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.fer.core.FerException;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Batch normalisation for NHWC activations, as a DL4J {@link BatchNormalizationHelper} installed into the network's own
 * {@link BatchNormalization} layers: same layer, parameters and file format, faster arithmetic.
 *
 * <p>Why: profiling the mini-Xception's training step on one thread (perf + JFR, session 5) put ~45 % of the time in
 * batch norm: DL4J's oneDNN helper computes the batch variance with a strided per-channel reduction (libnd4j's
 * SummaryStatsVariance, 14 % alone) and its backward pass with more strided reductions and broadcasts. In NHWC the
 * activations are an {@code [N·H·W, C]} row-major matrix, so every per-channel quantity is a loop over rows with the
 * channel innermost. Session 5 did the sums as GEMMs with a row of ones plus ND4J's broadcast ops: ~10 passes over the
 * activations forward and ~17 backward, and batch norm still took ~27 % of the step, mostly memory traffic. Now each
 * direction is two fused passes in plain Java over the buffers: one that reads and sums, one that writes the output.
 * The loops are single-threaded, which is what training uses (one thread per data-parallel replica).
 *
 * <p>The same function as DL4J's: training mode normalises with the batch mean and the biased (population) variance,
 * which {@link #getMeanCache}/{@link #getVarCache} hand to the layer for its moving averages; inference uses the moving
 * averages. Other layouts, ranks and data types return null, which makes the layer use its built-in path.
 */
public final class FastBatchNorm implements BatchNormalizationHelper {
    private static final Field HELPER_FIELD;

    static {
        try {
            HELPER_FIELD = BatchNormalization.class.getDeclaredField("helper");
            HELPER_FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("DL4J's BatchNormalization layer has no 'helper' field: " + e);
        }
    }

    private INDArray meanCache, varCache; // [C] like the layer's own statistics, outside workspaces: from the last training-mode forward pass
    private float[] shiftF, restF, varF;  // the batch mean as shift + rest (see preOutput) and the variance, for the backward pass
    private final BatchNormalizationHelper inference; // DL4J's (oneDNN) helper: its fused inference pass is faster; null: ours

    private FastBatchNorm(BatchNormalizationHelper inference) {
        this.inference = inference;
    }

    /** Puts a {@code FastBatchNorm} into every NHWC batch-norm layer of {@code g}; returns how many. */
    public static int install(ComputationGraph g) {
        int n = 0;
        for (Layer l : g.getLayers()) {
            if (l instanceof BatchNormalization bn && bn.layerConf().getCnn2DFormat() == CNN2DFormat.NHWC && !bn.layerConf().isLockGammaBeta()) {
                try {
                    Object current = HELPER_FIELD.get(bn);
                    if (current instanceof FastBatchNorm) continue;
                    HELPER_FIELD.set(bn, new FastBatchNorm((BatchNormalizationHelper) current));
                } catch (IllegalAccessException e) {
                    throw new FerException("cannot install the batch-norm helper: " + e, e);
                }
                n++;
            }
        }
        return n;
    }

    /** Gives every batch-norm layer of {@code g} DL4J's default helper back (for side-by-side speed runs and tests); returns how many. */
    public static int uninstall(ComputationGraph g) {
        int n = 0;
        for (Layer l : g.getLayers()) {
            if (l instanceof BatchNormalization bn) {
                try {
                    var init = BatchNormalization.class.getDeclaredMethod("initializeHelper");
                    init.setAccessible(true);
                    init.invoke(bn);
                } catch (ReflectiveOperationException e) {
                    throw new FerException("cannot restore DL4J's batch-norm helper: " + e, e);
                }
                n++;
            }
        }
        return n;
    }

    /** The {@code FastBatchNorm} of the layer named {@code layer} of {@code g}, or null. */
    static FastBatchNorm of(ComputationGraph g, String layer) {
        try {
            Layer l = g.getLayer(layer);
            return l instanceof BatchNormalization && HELPER_FIELD.get(l) instanceof FastBatchNorm f ? f : null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static boolean supported(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && format == CNN2DFormat.NHWC && x.dataType() == DataType.FLOAT;
    }

    /** Elements contiguous in c order from the buffer's start; a size-1 dimension's stride does not matter (ND4J's own check rejects some such arrays). */
    private static boolean dense(INDArray a) {
        if (a.ordering() != 'c' || a.offset() != 0) return false;
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) return false;
            expected *= a.size(d);
        }
        return true;
    }

    /** The elements of {@code a} in c order, to read: a view of its buffer when it is dense, else a dense copy's. */
    private static FloatBuffer elements(INDArray a) {
        return view(dense(a) ? a : a.dup('c'));
    }

    /** A view of the buffer of the dense array {@code a}, to write into. */
    private static FloatBuffer view(INDArray a) {
        if (!dense(a)) throw new FerException("batch norm: output array " + a.shapeInfoToString() + " is not a dense c-order array");
        FloatBuffer b = a.data().asNioFloat();
        if (b.capacity() < a.length()) throw new FerException("batch norm: buffer of " + b.capacity() + " floats for " + a.length() + " elements");
        return b;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static float[] floats(INDArray a) { return a.reshape(a.length()).toFloatVector(); }

    private void keep(float[] shift, float[] rest, float[] var) {
        float[] mean = new float[shift.length];
        for (int k = 0; k < mean.length; k++) mean[k] = shift[k] + rest[k];
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            meanCache = Nd4j.createFromArray(mean);
            varCache = Nd4j.createFromArray(var);
        }
        shiftF = shift;
        restF = rest;
        varF = var;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean, INDArray var,
                              double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!supported(x, format)) return null;
        if (!training && inference != null) return inference.preOutput(x, false, shape, gamma, beta, mean, var, decay, eps, format, mgr);
        int c = (int) x.size(3), m = (int) (x.length() / c);
        FloatBuffer in = elements(x);
        // the mean is held as shift + rest, shift a sample of the channel: x - shift is (nearly) exact in floats, so centring
        // and the variance do not cancel when the mean is large against the spread (one float mean would be off by its ulp)
        float[] shift = new float[c], rest = new float[c], v;
        if (training) {
            for (int k = 0; k < c; k++) shift[k] = in.get(k);
            double[] s1 = new double[c], s2 = new double[c];
            for (int r = 0, i = 0; r < m; r++) { // one read pass
                for (int k = 0; k < c; k++, i++) {
                    float d = in.get(i) - shift[k];
                    s1[k] += d;
                    s2[k] += d * d;
                }
            }
            v = new float[c];
            for (int k = 0; k < c; k++) {
                double meanShifted = s1[k] / m;
                rest[k] = (float) meanShifted;
                v[k] = (float) Math.max(0, s2[k] / m - meanShifted * meanShifted); // biased (population) variance, like DL4J
            }
            keep(shift, rest, v);
        } else {
            shift = floats(mean);
            v = floats(var);
        }
        float[] g = floats(gamma), b = floats(beta), scale = new float[c];
        for (int k = 0; k < c; k++) scale[k] = (float) (g[k] / Math.sqrt(v[k] + eps)); // gamma / sqrt(var + eps)
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        FloatBuffer o = view(out);
        // centred first: x * scale + (beta - mean * scale) would cancel too
        for (int r = 0, i = 0; r < m; r++) for (int k = 0; k < c; k++, i++) o.put(i, (in.get(i) - shift[k] - rest[k]) * scale[k] + b[k]);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
                                                     INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr mgr) {
        if (!supported(x, format) || varF == null) return null;
        int c = (int) x.size(3), m = (int) (x.length() / c);
        if (varF.length != c) return null;
        FloatBuffer in = elements(x), dy = elements(epsilon);
        // one read pass: dBeta = sum dy, sum dy * (x - mean) per channel
        double[] dBeta = new double[c], dyCentred = new double[c];
        for (int r = 0, i = 0; r < m; r++) {
            for (int k = 0; k < c; k++, i++) {
                float d = dy.get(i);
                dBeta[k] += d;
                dyCentred[k] += d * (in.get(i) - shiftF[k] - restF[k]);
            }
        }
        // dx = gamma * invStd * (dy - dBeta / M - xHat * dGamma / M) with xHat = (x - mean) * invStd and
        // dGamma = invStd * sum dy * (x - mean), i.e. dx = a * dy + p * (x - mean) + q per channel
        float[] g = floats(gamma), dGamma = new float[c], a = new float[c], p = new float[c], q = new float[c];
        for (int k = 0; k < c; k++) {
            double invStd = 1 / Math.sqrt(varF[k] + eps);
            dGamma[k] = (float) (dyCentred[k] * invStd);
            double ak = g[k] * invStd, pk = -ak * invStd * dGamma[k] / m;
            a[k] = (float) ak;
            p[k] = (float) pk;
            q[k] = (float) (-ak * dBeta[k] / m);
        }
        dBetaView.assign(Nd4j.createFromArray(toFloats(dBeta)).reshape(dBetaView.shape()));
        dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        FloatBuffer o = view(dx);
        for (int r = 0, i = 0; r < m; r++) for (int k = 0; k < c; k++, i++) o.put(i, a[k] * dy.get(i) + p[k] * (in.get(i) - shiftF[k] - restF[k]) + q[k]);
        Gradient grad = new DefaultGradient();
        grad.setGradientFor("gamma", dGammaView);
        grad.setGradientFor("beta", dBetaView);
        return new Pair<>(grad, dx);
    }

    @Override public boolean checkSupported(double eps, boolean fixedGammaBeta) { return !fixedGammaBeta; } // install() skips locked gamma/beta
    @Override public boolean checkSupported() { return true; }
    @Override public INDArray getMeanCache(DataType dataType) { return meanCache; }
    @Override public INDArray getVarCache(DataType dataType) { return varCache; }
    @Override public Map<String, Long> helperMemoryUse() { return Map.of(); }
}
