package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
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
 * 1x48x48) and one softmax output {@code "out"} over the 7 {@link Emotion}s.
 *
 * <ul>
 * <li>{@code xception} — mini-Xception (Arriaga et al. 2017) for 48x48x1: two 3x3 convs (8 ch, valid, BN+ReLU)
 *   then four residual modules with 16, 32, 64, 128 channels; each module = [depthwise 3x3 → pointwise 1x1 → BN
 *   → ReLU → depthwise 3x3 → pointwise 1x1 → BN → max-pool 3x3/2] + [1x1 conv stride 2 → BN] shortcut, added;
 *   then a 3x3 conv to 7 maps (the class activation maps, 3x3) → global average pool → softmax. Spatial:
 *   48→46→44→22→11→6→3. Separable convs are written as DepthwiseConvolution2D + 1x1 conv because DL4J's
 *   SeparableConvolution2D has no oneDNN path (same function, ~12x faster). ~58k parameters.</li>
 * <li>{@code simple} — VGG-style CNN: 3 blocks of two 3x3 convs (32, 64, 128 ch, BN+ReLU) + 2x2 max-pool +
 *   dropout 0.25, dense 256 + dropout 0.5, softmax. ~1.4M parameters.</li>
 * <li>{@code tiny} — two strided 3x3 convs (8, 16 ch) + max-pool + softmax (~4k parameters), for tests only.</li>
 * </ul>
 */
public final class Networks {
    public static final List<String> NAMES = List.of("simple", "xception", "tiny");
    /** Name of the layer whose output is the per-class activation map (for CAM), when the net has one. */
    public static final String CAM_LAYER = "cam";

    private Networks() {}

    public static ComputationGraph build(String name, long seed, double lr, double l2, float[] classWeights) {
        ComputationGraphConfiguration conf = switch (name) {
            case "xception" -> xception(seed, lr, l2, classWeights);
            case "simple" -> simple(seed, lr, l2, classWeights);
            case "tiny" -> tiny(seed, lr, l2, classWeights);
            default -> throw new FerException("unknown network '" + name + "' (known: " + NAMES + ")");
        };
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static ComputationGraphConfiguration.GraphBuilder base(long seed, double lr, double l2) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(lr))
                .l2(l2)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(FaceTensorContract.SIDE, FaceTensorContract.SIDE, FaceTensorContract.CHANNELS));
    }

    static ILossFunction loss(float[] classWeights) {
        return classWeights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(classWeights).reshape(1, classWeights.length));
    }

    private static ConvolutionLayer conv(int k, int nOut, int stride, boolean bias) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(nOut).hasBias(bias).activation(Activation.IDENTITY).build();
    }

    private static BatchNormalization bn(Activation a) {
        return new BatchNormalization.Builder().activation(a).build();
    }

    static ComputationGraphConfiguration xception(long seed, double lr, double l2, float[] classWeights) {
        var b = base(seed, lr, l2);
        b.addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(8).hasBias(false).activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build(), "in")
                .addLayer("b1", bn(Activation.RELU), "c1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(8).hasBias(false).activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Truncate).build(), "b1")
                .addLayer("b2", bn(Activation.RELU), "c2");
        String x = "b2";
        int m = 0;
        for (int ch : new int[]{16, 32, 64, 128}) {
            String p = "m" + (++m) + "_";
            b.addLayer(p + "res", conv(1, ch, 2, false), x)
                    .addLayer(p + "resbn", bn(Activation.IDENTITY), p + "res")
                    .addLayer(p + "dw1", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).hasBias(false).activation(Activation.IDENTITY).build(), x)
                    .addLayer(p + "pw1", conv(1, ch, 1, false), p + "dw1")
                    .addLayer(p + "bn1", bn(Activation.RELU), p + "pw1")
                    .addLayer(p + "dw2", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).hasBias(false).activation(Activation.IDENTITY).build(), p + "bn1")
                    .addLayer(p + "pw2", conv(1, ch, 1, false), p + "dw2")
                    .addLayer(p + "bn2", bn(Activation.IDENTITY), p + "pw2")
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

    static ComputationGraphConfiguration simple(long seed, double lr, double l2, float[] classWeights) {
        var b = base(seed, lr, l2);
        String x = "in";
        int blk = 0;
        for (int ch : new int[]{32, 64, 128}) {
            String p = "s" + (++blk) + "_";
            b.addLayer(p + "c1", conv(3, ch, 1, false), x)
                    .addLayer(p + "b1", bn(Activation.RELU), p + "c1")
                    .addLayer(p + "c2", conv(3, ch, 1, false), p + "b1")
                    .addLayer(p + "b2", bn(Activation.RELU), p + "c2")
                    .addLayer(p + "pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), p + "b2")
                    .addLayer(p + "drop", new DropoutLayer.Builder(0.75).build(), p + "pool");
            x = p + "drop";
        }
        b.addLayer("fc", new DenseLayer.Builder().nOut(256).activation(Activation.RELU).dropOut(0.5).build(), x)
                .addLayer("out", new OutputLayer.Builder(loss(classWeights)).nOut(Emotion.COUNT).activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out");
        return b.build();
    }

    static ComputationGraphConfiguration tiny(long seed, double lr, double l2, float[] classWeights) {
        var b = base(seed, lr, l2);
        b.addLayer("c1", conv(3, 8, 2, false), "in")
                .addLayer("b1", bn(Activation.RELU), "c1")
                .addLayer("c2", conv(3, 16, 2, false), "b1")
                .addLayer("b2", bn(Activation.RELU), "c2")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "b2")
                .addLayer("out", new OutputLayer.Builder(loss(classWeights)).nOut(Emotion.COUNT).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        return b.build();
    }
}
