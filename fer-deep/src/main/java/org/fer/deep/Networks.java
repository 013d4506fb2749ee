package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.List;

/**
 * The networks, all as {@link ComputationGraph} with input {@code "in"} ({@link FaceTensorContract}: NCHW
 * 1x48x48) and one softmax output {@code "out"} over the 7 {@link Emotion}s. "BN+ReLU" below is a batch norm followed by
 * its own ReLU layer ({@link #bnRelu}): DL4J's batch-norm layer ignores a configured activation, so until session 10 these
 * were linear (models saved before then keep that layout).
 *
 * <ul>
 * <li>{@code xception} — mini-Xception (Arriaga et al. 2017) for 48x48x1: two 3x3 convs (8 ch, valid, BN+ReLU)
 *   then four residual modules with 16, 32, 64, 128 channels; each module = [depthwise 3x3 → pointwise 1x1 → BN
 *   → ReLU → depthwise 3x3 → pointwise 1x1 → BN → max-pool 3x3/2] + [1x1 conv stride 2 → BN] shortcut, added;
 *   then a 3x3 conv to 7 maps (the class activation maps, 3x3) → global average pool → softmax. Spatial:
 *   48→46→44→22→11→6→3. Separable convs are written as DepthwiseConvolution2D + 1x1 conv because DL4J's
 *   SeparableConvolution2D has no oneDNN path (same function, ~12x faster). ~58k parameters.</li>
 * <li>{@code xception-wide} — the same layout at twice the width: stem 16, modules 32, 64, 128, 256 (205,031
 *   parameters; NHWC like the mini-Xception).</li>
 * <li>{@code simple} — VGG-style CNN: 3 blocks of two 3x3 convs (32, 64, 128 ch, BN+ReLU) + 2x2 max-pool +
 *   dropout 0.25, dense 256 (no bias, BN+ReLU) → dropout 0.5 → softmax. ~1.4M parameters. (Until session 11 the dense
 *   layer had a bias and a ReLU of its own and no batch norm: with ReLU inputs, Adam left almost all its units dead.) (Models trained before session 8 had the
 *   0.5 dropout on the dense layer's input instead — 0.25 then 0.5 on the same flattened maps, none after the dense layer;
 *   the parameters are the same, so either kind warm-starts the other.)</li>
 * <li>{@code inception} — a small GoogLeNet (Szegedy et al. 2015) for 48x48x1, after the seed's 06-Inception notebook
 *   (modules of parallel 1x1→3x3, 1x1→5x5 and 3x3-pool→1x1 branches, concatenated) and the paper it cites (Mollahosseini
 *   et al. 2016: stem, two inception modules, pool, one more). Stem: conv 3x3 32 (BN+ReLU) → max-pool 3x3/2 → conv 1x1 32
 *   → conv 3x3 64 (BN+ReLU each) → max-pool 3x3/2 (48→24→12). Inception module = [1x1 a] [1x1 b → 3x3 c] [1x1 d → 5x5 e]
 *   [max-pool 3x3/1 → 1x1 f], every conv with bias+ReLU, concatenated ({@link MergeVertex}) then BN: 3a (a..f = 32, 48,
 *   64, 8, 16, 16 → 128 ch) and 3b (64, 64, 96, 16, 32, 32 → 224 ch) at 12x12, max-pool 3x3/2, 4a (96, 48, 104, 8, 24,
 *   32 → 256 ch) at 6x6; dropout 0.4; 1x1 conv to 7 maps (the class activation maps, 6x6) → global average pool →
 *   softmax. 244,359 parameters.</li>
 * <li>{@code dexpression} — DeXpression (Burkert et al. 2015) scaled to 48x48 (the seed's 08-DeXpression notebook never
 *   ran; this follows the paper, plus the batch norm the notebook had): conv 7x7/2 64 + ReLU → max-pool 3x3/2 → LRN
 *   (n 5, k 2, α 1e-4, β 0.75) → FeatEx 1 → FeatEx 2 → dense softmax. FeatEx = [1x1 96 → 3x3 208] and [max-pool 3x3/1
 *   → 1x1 64] (convs with bias+ReLU), concatenated (272 ch), BN, then max-pool 3x3/2. Spatial 48→24→12 (FeatEx 1) →6
 *   (FeatEx 2) →3; the classifier sees 3x3x272. 436,439 parameters.</li>
 * <li>{@code hybrid} — two inputs, after the seed's 10-Hybrid notebook (face + HOG + landmark features): {@code "in"}
 *   the face and {@value #FEATURE_INPUT} the {@link HybridInputs} vector (68 dlib landmarks box-normalised + whole-face
 *   HOG = 208 values, computed from each — augmented — face on the fly). Image branch: 3 x [conv 3x3 (32, 64, 128)
 *   BN+ReLU → max-pool 2x2] (48→24→12→6) → dropout 0.25 → dense 128 (no bias, BN+ReLU; a plain dense ReLU until session
 *   11). Feature branch: BN (learns the feature
 *   scaling, so none is stored beside the model) → dense 64 ReLU. Merged ({@link MergeVertex}, 192) → dropout 0.5 →
 *   dense 128 ReLU → softmax (Xavier init). 723,495 parameters (723,111 before session 11) (with the 208-value vector; 590k of them in the image
 *   branch's dense layer).</li>
 * <li>{@code tiny} — two strided 3x3 convs (8, 16 ch) + max-pool + softmax (~4k parameters), for tests only.</li>
 * </ul>
 */
public final class Networks {
    public static final List<String> NAMES = List.of("simple", "xception", "xception-wide", "inception", "dexpression", "hybrid", "tiny");
    /** Name of the hybrid's second input (the feature vector). */
    public static final String FEATURE_INPUT = "feat";
    /** Name of the layer whose output is the per-class activation map (for CAM), when the net has one. */
    public static final String CAM_LAYER = "cam";
    /**
     * xception-wide: the mini-Xception layout at twice the width (stem 16, modules 32/64/128/256; 205,031 parameters).
     * The 58k mini-Xception under-fits FER2013 (train accuracy ~62 % with augmentation, val ~60 %, after 89 epochs); measured
     * on one thread beside a training, 2x width trains at ~0.5x the img/s, 3x at ~0.33x and 4x at ~0.19x — 2x is the widest
     * that fits tens of epochs into a session.
     */
    static final int WIDE_STEM = 16;
    static final int[] WIDE_MODULES = {32, 64, 128, 256};

    private Networks() {}

    /**
     * The cache mode every built or loaded graph trains with: DL4J's convolution layers keep their forward output for the
     * backward pass instead of computing the convolution again (Simple CNN x1.17, mini-Xception x1.10 by the medians of
     * three side-by-side legs, {@code results/cnn-speed/forward-cache}); same arithmetic, tested by {@code CacheModeTest}.
     */
    public static final CacheMode TRAINING_CACHE = CacheMode.DEVICE;

    public static ComputationGraph build(String name, long seed, double lr, double l2, float[] classWeights) {
        return build(name, seed, lr, l2, classWeights, HybridInputs.DEFAULT_DIMENSION);
    }

    /** {@code featureDim}: length of the hybrid's feature vector (ignored by the image-only networks). */
    /** The network in its {@linkplain Layout#preferred preferred layout}. */
    public static ComputationGraph build(String name, long seed, double lr, double l2, float[] classWeights, int featureDim) {
        return build(name, seed, lr, l2, classWeights, featureDim, Layout.preferred(name));
    }

    /**
     * Memory layout and workspace mode of a network's activations. With one input channel an NCHW face tensor
     * {@code [n,1,48,48]} ({@link FaceTensorContract}) and an NHWC one {@code [n,48,48,1]} hold the same bytes, so a
     * model in either layout takes the same contract; {@link #input} only changes the shape. Models record their layout in
     * their configuration; {@link #of} reads it back.
     */
    public record Layout(CNN2DFormat format, WorkspaceMode workspace) {
        public static final Layout DEFAULT = new Layout(CNN2DFormat.NCHW, WorkspaceMode.ENABLED);
        public static final Layout NHWC = new Layout(CNN2DFormat.NHWC, WorkspaceMode.ENABLED);

        /**
         * NHWC for the mini-Xception: measured side by side on this machine it trains 1.10x and infers 1.41x faster in NHWC
         * on the idle machine with 2 threads (1.22x / 1.91x with one thread beside a training; results/cnn-speed), and its outputs, loss, gradients and parameters are the same in both layouts
         * (NetworkLayoutTest, NetworkLayoutGradientTest), so NCHW models still load and warm-start. NCHW for the rest:
         * inception's forward pass agrees across layouts but its gradient in NHWC does not (DL4J 1.0.0-M2.1; a real-data run
         * in NHWC stayed at the majority class), and the dense-layer networks flatten in layout order.
         */
        public static Layout preferred(String network) {
            return network.startsWith("xception") || network.equals("simple") ? NHWC : DEFAULT;
        }

        /** The layout of a built or loaded network, from the data format of its first convolution or pooling layer on the image input. */
        public static Layout of(ComputationGraph g) {
            var conf = g.getConfiguration();
            for (var e : conf.getVertexInputs().entrySet()) {
                if (!e.getValue().contains("in")) continue;
                if (conf.getVertices().get(e.getKey()) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
                    var layer = lv.getLayerConf().getLayer();
                    CNN2DFormat f = layer instanceof ConvolutionLayer c ? c.getCnn2dDataFormat()
                            : layer instanceof SubsamplingLayer sl ? sl.getCnn2dDataFormat() : null;
                    if (f != null) return new Layout(f, conf.getTrainingWorkspaceMode());
                }
            }
            return new Layout(CNN2DFormat.NCHW, conf.getTrainingWorkspaceMode());
        }

        /** The input as this layout wants it, from a {@link FaceTensorContract} tensor (a view: no copy). */
        public org.nd4j.linalg.api.ndarray.INDArray input(org.nd4j.linalg.api.ndarray.INDArray nchw) {
            return format == CNN2DFormat.NCHW ? nchw : nchw.reshape('c', nchw.size(0), nchw.size(2), nchw.size(3), nchw.size(1));
        }

        /** A 4-d activation of this layout as NCHW (for class activation maps). */
        public org.nd4j.linalg.api.ndarray.INDArray toNchw(org.nd4j.linalg.api.ndarray.INDArray act) {
            return format == CNN2DFormat.NCHW ? act : act.permute(0, 3, 1, 2);
        }
    }

    public static ComputationGraph build(String name, long seed, double lr, double l2, float[] classWeights, int featureDim, Layout layout) {
        ComputationGraphConfiguration conf = switch (name) {
            case "xception" -> xception(seed, lr, l2, classWeights, layout, 8, new int[]{16, 32, 64, 128});
            case "xception-wide" -> xception(seed, lr, l2, classWeights, layout, WIDE_STEM, WIDE_MODULES);
            case "simple" -> simple(seed, lr, l2, classWeights, layout);
            case "inception" -> inception(seed, lr, l2, classWeights, layout);
            case "dexpression" -> dexpression(seed, lr, l2, classWeights, layout);
            case "hybrid" -> hybrid(seed, lr, l2, classWeights, featureDim, layout);
            case "tiny" -> tiny(seed, lr, l2, classWeights, layout);
            default -> throw new FerException("unknown network '" + name + "' (known: " + NAMES + ")");
        };
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        FastBatchNorm.install(g);
        return g;
    }

    /**
     * Sets DL4J's {@link CacheMode} of a built or loaded graph: the graph's configuration (whether training opens the
     * forward-cache workspace), every layer's configuration (what a {@code clone()} starts from) and the layers themselves.
     * With {@code NONE} (DL4J's default) a convolution layer computes its whole forward pass a second time in the backward
     * pass; with {@code DEVICE} it keeps the forward output for it. A runtime setting: saved models are not changed by it.
     */
    public static void setCacheMode(ComputationGraph g, CacheMode mode) {
        g.getConfiguration().setCacheMode(mode);
        for (var v : g.getConfiguration().getVertices().values())
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) lv.getLayerConf().setCacheMode(mode);
        g.setCacheMode(mode);
    }

    /** Whether the network takes the {@link HybridInputs} feature vector as a second input. */
    public static boolean takesFeatures(String name) { return "hybrid".equals(name); }

    private static ComputationGraphConfiguration.GraphBuilder base(long seed, double lr, double l2, Layout layout) {
        return graph(seed, lr, l2, layout)
                .addInputs("in")
                .setInputTypes(InputType.convolutional(FaceTensorContract.SIDE, FaceTensorContract.SIDE, FaceTensorContract.CHANNELS, layout.format()));
    }

    private static ComputationGraphConfiguration.GraphBuilder graph(long seed, double lr, double l2, Layout layout) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(lr))
                .l2(l2)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(layout.workspace())
                .inferenceWorkspaceMode(layout.workspace())
                .cacheMode(TRAINING_CACHE)
                .graphBuilder();
    }

    static ILossFunction loss(float[] classWeights) {
        return classWeights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(classWeights).reshape(1, classWeights.length));
    }

    private static ConvolutionLayer conv(int k, int nOut, int stride, boolean bias) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(nOut).hasBias(bias).activation(Activation.IDENTITY).build();
    }

    /** Batch norm without activation: DL4J M2.1's BatchNormalization layer ignores a configured activation (see {@link #bnRelu}). */
    private static BatchNormalization bn() {
        return new BatchNormalization.Builder().activation(Activation.IDENTITY).build();
    }

    /** Suffix of the ReLU layer that follows a batch norm named {@code X}: {@code X_relu}. */
    static final String RELU_SUFFIX = "_relu";

    /**
     * Batch norm named {@code name} on {@code input}, then a separate ReLU layer; returns the ReLU's name. Why two layers:
     * DL4J M2.1's {@link BatchNormalization} layer never applies the activation it is configured with, forward or
     * backward (its implementation has no activation call; {@code NetworksTest} pins this), so a batch norm "with ReLU" is
     * linear. Every network here was built that way until session 10: the Simple CNN and the mini-Xception had no
     * non-linearity between their convolutions but max-pooling. Models saved before then keep their saved (linear)
     * layout when loaded.
     */
    private static String bnRelu(ComputationGraphConfiguration.GraphBuilder b, String name, String input) {
        b.addLayer(name, bn(), input)
                .addLayer(name + RELU_SUFFIX, new ActivationLayer.Builder().activation(Activation.RELU).build(), name);
        return name + RELU_SUFFIX;
    }

    static ComputationGraphConfiguration xception(long seed, double lr, double l2, float[] classWeights, Layout layout) {
        return xception(seed, lr, l2, classWeights, layout, 8, new int[]{16, 32, 64, 128});
    }

    static ComputationGraphConfiguration xception(long seed, double lr, double l2, float[] classWeights, Layout layout, int stem, int[] modules) {
        var b = base(seed, lr, l2, layout);
        b.addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(stem).hasBias(false).activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build(), "in");
        String x = bnRelu(b, "b1", "c1");
        b.addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(stem).hasBias(false).activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build(), x);
        x = bnRelu(b, "b2", "c2");
        int m = 0;
        for (int ch : modules) {
            String p = "m" + (++m) + "_";
            b.addLayer(p + "res", conv(1, ch, 2, false), x)
                    .addLayer(p + "resbn", bn(), p + "res")
                    .addLayer(p + "dw1", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).hasBias(false).activation(Activation.IDENTITY).build(), x)
                    .addLayer(p + "pw1", conv(1, ch, 1, false), p + "dw1");
            String h = bnRelu(b, p + "bn1", p + "pw1");
            b.addLayer(p + "dw2", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).hasBias(false).activation(Activation.IDENTITY).build(), h)
                    .addLayer(p + "pw2", conv(1, ch, 1, false), p + "dw2")
                    .addLayer(p + "bn2", bn(), p + "pw2")
                    .addLayer(p + "pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(), p + "bn2")
                    .addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "pool", p + "resbn");
            x = p + "add";
        }
        b.addLayer(CAM_LAYER, new ConvolutionLayer.Builder(3, 3).nOut(Emotion.COUNT).activation(Activation.IDENTITY).build(), x)
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), CAM_LAYER)
                .addLayer("out", new LossLayer.Builder(loss(classWeights)).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out");
        return b.build();
    }

    static ComputationGraphConfiguration simple(long seed, double lr, double l2, float[] classWeights, Layout layout) {
        var b = base(seed, lr, l2, layout);
        String x = "in";
        int blk = 0;
        for (int ch : new int[]{32, 64, 128}) {
            String p = "s" + (++blk) + "_";
            b.addLayer(p + "c1", conv(3, ch, 1, false), x);
            b.addLayer(p + "c2", conv(3, ch, 1, false), bnRelu(b, p + "b1", p + "c1"));
            b.addLayer(p + "pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), bnRelu(b, p + "b2", p + "c2"))
                    .addLayer(p + "drop", new DropoutLayer.Builder(0.75).build(), p + "pool");
            x = p + "drop";
        }
        // DL4J's dropOut(p) drops a layer's *input* (p = retain probability): the 0.5 dropout after the dense layer is
        // set on the output layer. Until session 8 it sat on "fc", i.e. on the flattened maps already thinned by "s3_drop".
        // The dense layer is batch-normalised before its ReLU (no bias: the batch norm's beta is one). Without it (until
        // session 11) Adam drove almost every unit of it dead within a few hundred steps (236 of 256 in the session-10
        // model, 252 after 300 steps): its 4,608 inputs are ReLU outputs, never negative.
        b.addLayer("fc", new DenseLayer.Builder().nOut(256).hasBias(false).activation(Activation.IDENTITY).build(), x);
        b.addLayer("out", new OutputLayer.Builder(loss(classWeights)).nOut(Emotion.COUNT).activation(Activation.SOFTMAX)
                        .dropOut(0.5).build(), bnRelu(b, "fc_bn", "fc"))
                .setOutputs("out");
        return b.build();
    }

    private static ConvolutionLayer reluConv(int k, int nOut) {
        return new ConvolutionLayer.Builder(k, k).nOut(nOut).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer maxPool(int k, int stride) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k, k).stride(stride, stride).build();
    }

    /** One inception module named {@code p}: branches [1x1 a] [1x1 b → 3x3 c] [1x1 d → 5x5 e] [pool 3x3/1 → 1x1 f], merged, BN. */
    private static String inceptionModule(ComputationGraphConfiguration.GraphBuilder b, String p, String in, int a, int bb, int c, int d, int e, int f) {
        b.addLayer(p + "1x1", reluConv(1, a), in)
                .addLayer(p + "3x3r", reluConv(1, bb), in)
                .addLayer(p + "3x3", reluConv(3, c), p + "3x3r")
                .addLayer(p + "5x5r", reluConv(1, d), in)
                .addLayer(p + "5x5", reluConv(5, e), p + "5x5r")
                .addLayer(p + "pool", maxPool(3, 1), in)
                .addLayer(p + "poolproj", reluConv(1, f), p + "pool")
                .addVertex(p + "cat", new MergeVertex(), p + "1x1", p + "3x3", p + "5x5", p + "poolproj")
                .addLayer(p + "bn", bn(), p + "cat");
        return p + "bn";
    }

    static ComputationGraphConfiguration inception(long seed, double lr, double l2, float[] classWeights, Layout layout) {
        var b = base(seed, lr, l2, layout);
        b.addLayer("stem_c1", conv(3, 32, 1, false), "in");
        b.addLayer("stem_p1", maxPool(3, 2), bnRelu(b, "stem_b1", "stem_c1"))
                .addLayer("stem_c2r", conv(1, 32, 1, false), "stem_p1");
        b.addLayer("stem_c2", conv(3, 64, 1, false), bnRelu(b, "stem_b2r", "stem_c2r"));
        b.addLayer("stem_p2", maxPool(3, 2), bnRelu(b, "stem_b2", "stem_c2"));
        String x = inceptionModule(b, "i3a_", "stem_p2", 32, 48, 64, 8, 16, 16);
        x = inceptionModule(b, "i3b_", x, 64, 64, 96, 16, 32, 32);
        b.addLayer("p3", maxPool(3, 2), x);
        x = inceptionModule(b, "i4a_", "p3", 96, 48, 104, 8, 24, 32);
        b.addLayer("drop", new DropoutLayer.Builder(0.6).build(), x) // DL4J's dropout takes the retain probability
                .addLayer(CAM_LAYER, new ConvolutionLayer.Builder(1, 1).nOut(Emotion.COUNT).activation(Activation.IDENTITY).build(), "drop")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), CAM_LAYER)
                .addLayer("out", new LossLayer.Builder(loss(classWeights)).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out");
        return b.build();
    }

    /** One DeXpression FeatEx block named {@code p}: [1x1 96 → 3x3 208] [pool 3x3/1 → 1x1 64], merged, BN, max-pool 3x3/2. */
    private static String featEx(ComputationGraphConfiguration.GraphBuilder b, String p, String in) {
        b.addLayer(p + "conv_a", reluConv(1, 96), in)
                .addLayer(p + "conv_b", reluConv(3, 208), p + "conv_a")
                .addLayer(p + "pool_a", maxPool(3, 1), in)
                .addLayer(p + "conv_c", reluConv(1, 64), p + "pool_a")
                .addVertex(p + "cat", new MergeVertex(), p + "conv_b", p + "conv_c")
                .addLayer(p + "bn", bn(), p + "cat")
                .addLayer(p + "pool_b", maxPool(3, 2), p + "bn");
        return p + "pool_b";
    }

    static ComputationGraphConfiguration dexpression(long seed, double lr, double l2, float[] classWeights, Layout layout) {
        var b = base(seed, lr, l2, layout);
        b.addLayer("conv1", new ConvolutionLayer.Builder(7, 7).stride(2, 2).nOut(64).activation(Activation.RELU).build(), "in")
                .addLayer("pool1", maxPool(3, 2), "conv1")
                .addLayer("lrn1", new LocalResponseNormalization.Builder().n(5).k(2).alpha(1e-4).beta(0.75).build(), "pool1");
        String x = featEx(b, "fx1_", "lrn1");
        x = featEx(b, "fx2_", x);
        b.addLayer("out", new OutputLayer.Builder(loss(classWeights)).nOut(Emotion.COUNT).activation(Activation.SOFTMAX).build(), x)
                .setOutputs("out");
        return b.build();
    }

    static ComputationGraphConfiguration hybrid(long seed, double lr, double l2, float[] classWeights, int featureDim, Layout layout) {
        var b = graph(seed, lr, l2, layout)
                .addInputs("in", FEATURE_INPUT)
                .setInputTypes(InputType.convolutional(FaceTensorContract.SIDE, FaceTensorContract.SIDE, FaceTensorContract.CHANNELS, layout.format()),
                        InputType.feedForward(featureDim));
        String x = "in";
        int blk = 0;
        for (int ch : new int[]{32, 64, 128}) {
            String p = "h" + (++blk) + "_";
            b.addLayer(p + "c", conv(3, ch, 1, false), x);
            b.addLayer(p + "pool", maxPool(2, 2), bnRelu(b, p + "b", p + "c"));
            x = p + "pool";
        }
        // DL4J's dropOut(p) drops the layer's input, p = retain probability
        // batch norm before the image branch's dense ReLU, as in the Simple CNN: its 4,608 inputs are ReLU outputs and
        // Adam left most of its units dead without it (NetworksTest.denseUnitsStayAliveUnderAdam)
        b.addLayer("img_fc", new DenseLayer.Builder().nOut(128).hasBias(false).activation(Activation.IDENTITY).dropOut(0.75).build(), x);
        String img = bnRelu(b, "img_fc_bn", "img_fc");
        b.addLayer("feat_bn", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), FEATURE_INPUT)
                .addLayer("feat_fc", new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(), "feat_bn")
                .addVertex("merge", new MergeVertex(), img, "feat_fc")
                .addLayer("fc", new DenseLayer.Builder().nOut(128).activation(Activation.RELU).dropOut(0.5).build(), "merge")
                .addLayer("out", new OutputLayer.Builder(loss(classWeights)).nOut(Emotion.COUNT).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build(), "fc")
                .setOutputs("out");
        return b.build();
    }

    static ComputationGraphConfiguration tiny(long seed, double lr, double l2, float[] classWeights, Layout layout) {
        var b = base(seed, lr, l2, layout);
        b.addLayer("c1", conv(3, 8, 2, false), "in");
        b.addLayer("c2", conv(3, 16, 2, false), bnRelu(b, "b1", "c1"));
        b.addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), bnRelu(b, "b2", "c2"))
                .addLayer("out", new OutputLayer.Builder(loss(classWeights)).nOut(Emotion.COUNT).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        return b.build();
    }
}
