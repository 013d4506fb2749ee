package org.fer.deep;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Re-estimates the inference statistics (mean and variance per channel) of every batch-norm layer of a network from
 * training faces, keeping every other parameter. Why: the statistics a network keeps are moving averages collected
 * while its weights changed, on augmented faces; after averaging the weights of several networks (a {@link WeightSoup})
 * the averaged statistics no longer describe what the averaged weights compute. The recipe is that of SWA's
 * {@code update_bn} (Izmailov et al., 2018): the faces go through the network in training mode, batch by batch (each
 * batch norm normalising with its batch's statistics, as in training), and each batch norm's statistics become the
 * mean and the population variance of its input over all those faces.
 *
 * <p>The faces go in the split's order, {@link #BATCH} per batch (the training batch size), either un-augmented (the
 * distribution seen at evaluation and live) or through an {@link Augmenter} — the network's own training augmentation
 * is what its moving averages were collected on. Augmentation draws from a generator seeded with {@code seed} and the
 * batch number, dropout masks (if the network has dropout) from ND4J's generator seeded with {@code seed}: the same
 * call gives the same statistics.
 */
public final class BatchNormStats {
    /** Faces per training-mode batch: the batch size every committed network was trained with. */
    public static final int BATCH = 64;
    private static final String MEAN = "mean", VAR = "var", LOG10_STD = "log10stdev";

    private BatchNormStats() {}

    /** What was done: how many batch-norm layers were re-estimated, from how many faces. */
    public record Summary(int layers, int faces, Augmenter augment, long seed) {
        public Map<String, Object> toMap(String split) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recipe", "re-estimated: training-mode forward passes over " + (augment.enabled() ? "augmented" : "un-augmented")
                    + " faces, batches of " + BATCH + "; mean and population variance of each batch norm's input");
            m.put("split", split);
            if (augment.enabled()) m.put("augment", augment.toMap());
            m.put("seed", seed);
            m.put("faces", faces);
            m.put("layers", layers);
            return m;
        }
    }

    /**
     * Replaces the statistics of every batch-norm layer of {@code model}'s network by those of the first {@code limit}
     * faces of {@code faces} ({@code limit <= 0}: all of them), un-augmented.
     */
    public static Summary reestimate(DeepModel model, Split faces, int limit, long seed) {
        return reestimate(model, faces, limit, Augmenter.NONE, seed);
    }

    /** As {@link #reestimate(DeepModel, Split, int, long)}, each face through {@code augment} first. */
    public static Summary reestimate(DeepModel model, Split faces, int limit, Augmenter augment, long seed) {
        ComputationGraph g = model.graph();
        var vertexInputs = g.getConfiguration().getVertexInputs();
        List<BatchNormalization> bns = new ArrayList<>();
        for (Layer l : g.getLayers()) if (l instanceof BatchNormalization bn) bns.add(bn);
        int n = limit > 0 ? Math.min(limit, faces.size()) : faces.size();
        if (bns.isEmpty()) return new Summary(0, n, augment, seed);
        if (n == 0) throw new FerException("batch-norm re-estimation: split '" + faces.name() + "' has no faces");
        double[][] sum = new double[bns.size()][], sumSq = new double[bns.size()][];
        long[] count = new long[bns.size()];
        Networks.Layout layout = Networks.Layout.of(g);
        Nd4j.getRandom().setSeed(seed);
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            INDArray[] in;
            if (!augment.enabled()) {
                INDArray x = layout.input(FaceTensorContract.toInput(faces.x(), idx));
                in = model.adapter() == null ? new INDArray[]{x} : model.adapter().inputs(x, model.adapter().features(faces.x(), idx), idx.length);
            } else {
                float[] px = new float[idx.length * Face48.PIXELS];
                SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + from);
                for (int i = 0; i < idx.length; i++) augment.apply(faces.x(), idx[i], rnd, px, i * Face48.PIXELS);
                INDArray x = layout.input(Nd4j.create(px, new long[]{idx.length, 1, Face48.SIDE, Face48.SIDE}, 'c'));
                in = model.adapter() == null ? new INDArray[]{x} : model.adapter().inputs(x, model.adapter().featuresOfNormalised(px, idx.length), idx.length);
            }
            Map<String, INDArray> acts = g.feedForward(in, true, false);
            for (int k = 0; k < bns.size(); k++) {
                String name = bns.get(k).conf().getLayer().getLayerName();
                String input = vertexInputs.get(name).get(0);
                INDArray a = acts.get(input);
                if (a == null) throw new FerException("batch-norm re-estimation: no activation for '" + input + "', the input of '" + name + "'");
                int channels = channelsOf(a, bns.get(k));
                if (sum[k] == null) {
                    sum[k] = new double[channels];
                    sumSq[k] = new double[channels];
                }
                accumulate(a, bns.get(k), sum[k], sumSq[k]);
                count[k] += a.length() / channels;
            }
        }
        for (int k = 0; k < bns.size(); k++) {
            BatchNormalization bn = bns.get(k);
            int channels = sum[k].length;
            double[] mean = new double[channels], var = new double[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = sum[k][c] / count[k];
                // a channel that is 0 on every face (a dead unit upstream) has variance 0: kept tiny and positive for log10
                var[c] = Math.max(1e-12, sumSq[k][c] / count[k] - mean[c] * mean[c]);
            }
            set(bn, MEAN, mean);
            if (bn.paramTable().containsKey(LOG10_STD)) {
                // DL4J's log-std form stores log10(sqrt(var)) and adds eps when it normalises, like the plain form
                double[] logStd = new double[channels];
                for (int c = 0; c < channels; c++) logStd[c] = 0.5 * Math.log10(var[c]);
                set(bn, LOG10_STD, logStd);
            } else set(bn, VAR, var);
        }
        return new Summary(bns.size(), n, augment, seed);
    }

    private static boolean channelsLast(INDArray a, BatchNormalization bn) {
        if (a.rank() == 2) return true;
        if (a.rank() == 4) return bn.layerConf().getCnn2DFormat() == CNN2DFormat.NHWC;
        throw new FerException("batch-norm re-estimation: layer '" + bn.conf().getLayer().getLayerName() + "' has a rank-" + a.rank() + " input");
    }

    private static int channelsOf(INDArray a, BatchNormalization bn) {
        return (int) (channelsLast(a, bn) ? a.size(a.rank() - 1) : a.size(1));
    }

    /**
     * Adds each channel's sum and sum of squares over {@code a} to {@code sum} and {@code sumSq}: plain loops over the
     * activations in row-major order (ND4J's strided per-channel reductions made a pass over the train split ~5x slower).
     */
    private static void accumulate(INDArray a, BatchNormalization bn, double[] sum, double[] sumSq) {
        float[] v = (a.ordering() == 'c' && !a.isView() ? a : a.dup('c')).data().asFloat();
        int channels = sum.length;
        if (channelsLast(a, bn)) {
            for (int i = 0; i < v.length; i += channels)
                for (int c = 0; c < channels; c++) {
                    double x = v[i + c];
                    sum[c] += x;
                    sumSq[c] += x * x;
                }
        } else {
            int plane = (int) (a.size(2) * a.size(3));
            for (int i = 0, c = 0; i < v.length; i += plane, c = (c + 1) % channels) {
                double s = 0, q = 0;
                for (int j = i; j < i + plane; j++) {
                    double x = v[j];
                    s += x;
                    q += x * x;
                }
                sum[c] += s;
                sumSq[c] += q;
            }
        }
    }

    private static void set(BatchNormalization bn, String key, double[] values) {
        INDArray p = bn.getParam(key);
        if (p == null || p.length() != values.length)
            throw new FerException("batch-norm re-estimation: layer '" + bn.conf().getLayer().getLayerName() + "' has no " + values.length + "-channel '" + key + "'");
        p.assign(Nd4j.create(values).castTo(p.dataType()).reshape(p.shape())); // in place: the view into the network's parameters
    }
}
