package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.Emotion;
import org.fer.data.Split;
import org.fer.features.FeatureKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** The inception, dexpression and hybrid networks: layout as documented in {@link Networks}, and they can learn. */
class NetworksTest {
    static Split batch;

    @BeforeAll
    static void init() {
        DeepRuntime.init();
        batch = SynthData.split("b", 4, 0, 3); // 28 faces, every class
    }

    /** The graph's inputs for {@link #batch}: HOG features (no landmark model needed) for the hybrid. */
    static INDArray[] inputs(String name) {
        int[] idx = new int[batch.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        INDArray x = FaceTensorContract.toInput(batch.x(), idx);
        if (!Networks.takesFeatures(name)) return new INDArray[]{x};
        HybridInputs h = HybridInputs.create(FeatureKind.HOG);
        return h.inputs(x, h.features(batch.x(), idx), idx.length);
    }

    static INDArray labels() {
        INDArray y = Nd4j.zeros(batch.size(), Emotion.COUNT);
        for (int i = 0; i < batch.size(); i++) y.putScalar(i, batch.y()[i], 1);
        return y;
    }

    /**
     * DL4J 1.0.0-M2.1's BatchNormalization layer never applies the activation it is configured with: a batch norm "with
     * ReLU" puts out negative values, in training and inference. This is why {@link Networks} follows batch norms with
     * separate ReLU layers; if a DL4J upgrade makes this test fail, the workaround can go.
     */
    @org.junit.jupiter.api.Test
    void dl4jBatchNormIgnoresItsActivation() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nIn(4).nOut(4)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 4).subi(0.5);
        for (boolean training : new boolean[]{true, false})
            assertTrue(net.output(x, training).minNumber().doubleValue() < 0, "training " + training);
    }

    /**
     * Every batch norm that the documented layouts follow with a ReLU (BN+ReLU in the {@link Networks} javadoc) has its own
     * ReLU layer right after it, and the ReLU is really applied: its output is max(0, the batch norm's output), which has
     * negative values.
     */
    @ParameterizedTest
    @CsvSource({"simple, 7", "xception, 6", "xception-wide, 6", "inception, 3", "dexpression, 0", "hybrid, 4", "tiny, 2"})
    void batchNormsDocumentedWithReluHaveAWorkingRelu(String name, int relus) {
        INDArray[] in = inputs(name);
        ComputationGraph g = Networks.build(name, 1, 1e-3, 1e-4, null, (int) in[in.length - 1].size(1));
        if (Networks.Layout.of(g).format() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC) in[0] = in[0].permute(0, 2, 3, 1).dup();
        // dropout off: a layer's dropout thins its input array in place, which may be the ReLU's recorded output
        for (var l : g.getLayers()) l.conf().getLayer().setIDropout(null);
        java.util.Map<String, INDArray> acts = g.feedForward(in, true, false);
        int seen = 0;
        for (var v : g.getVertices()) {
            if (!v.hasLayer() || !(v.getLayer() instanceof org.deeplearning4j.nn.layers.ActivationLayer)) continue;
            String relu = v.getVertexName(), bn = relu.substring(0, relu.length() - Networks.RELU_SUFFIX.length());
            assertTrue(relu.endsWith(Networks.RELU_SUFFIX), relu);
            assertInstanceOf(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class, g.getLayer(bn), relu + " follows a batch norm");
            INDArray pre = acts.get(bn), post = acts.get(relu);
            assertTrue(pre.minNumber().doubleValue() < 0, bn + " has negative outputs");
            assertEquals(org.nd4j.linalg.ops.transforms.Transforms.relu(pre, true), post, relu + " = max(0, " + bn + ")");
            seen++;
        }
        assertEquals(relus, seen, name + ": ReLU layers after batch norms");
    }

    @ParameterizedTest
    @CsvSource({"inception, 244359, 1", "dexpression, 436439, 1", "hybrid, 723495, 2"})
    void buildsWithTheDocumentedLayout(String name, long params, int inputs) {
        // the documented count is for the default 208-value feature vector
        ComputationGraph g = Networks.build(name, 1, 1e-3, 1e-4, null);
        assertEquals(params, g.numParams(), name + " parameter count (update the Networks javadoc if the layout changed)");
        assertEquals(inputs, g.getConfiguration().getNetworkInputs().size());
        INDArray[] in = inputs(name);
        ComputationGraph gh = Networks.build(name, 1, 1e-3, 1e-4, null, (int) in[in.length - 1].size(1));
        INDArray out = gh.output(false, in)[0];
        assertArrayEquals(new long[]{batch.size(), Emotion.COUNT}, out.shape());
        INDArray sums = out.sum(1);
        for (int i = 0; i < batch.size(); i++) assertEquals(1.0, sums.getDouble(i), 1e-4, "softmax row " + i);
    }

    @ParameterizedTest
    @CsvSource({"inception", "dexpression", "hybrid"})
    void oneFitStepLowersTheLossOnAFixedBatch(String name) {
        INDArray[] in = inputs(name);
        ComputationGraph g = Networks.build(name, 7, 1e-4, 0, null, (int) in[in.length - 1].size(1));
        MultiDataSet mds = new MultiDataSet(in, new INDArray[]{labels()});
        // the same dropout masks for the loss before, the step, and the loss after: the change is the step's alone
        Nd4j.getRandom().setSeed(99);
        double before = g.score(mds, true);
        Nd4j.getRandom().setSeed(99);
        g.fit(mds);
        Nd4j.getRandom().setSeed(99);
        double after = g.score(mds, true);
        assertTrue(after < before, name + ": loss " + before + " -> " + after);
    }

    /**
     * The Simple CNN's 0.5 dropout acts after the dense layer, not on its input. DL4J's {@code dropOut(p)} thins a layer's
     * input, so it must sit on the output layer, and the dense layer must have none (before session 8 it had, and the
     * flattened maps were thinned twice: 0.25 by "s3_drop", then 0.5).
     */
    @org.junit.jupiter.api.Test
    void simpleCnnDropsTheDenseLayersOutputNotItsInputTwice() {
        ComputationGraph g = Networks.build("simple", 3, 1e-3, 1e-4, null);
        assertNull(g.getLayer("fc").conf().getLayer().getIDropout(), "the dense layer thins its input");
        var blockDropout = g.getLayer("s3_drop").conf().getLayer().getIDropout();
        assertEquals(0.75, ((org.deeplearning4j.nn.conf.dropout.Dropout) blockDropout).getP(), 1e-12); // retain probability
        var outDropout = g.getLayer("out").conf().getLayer().getIDropout();
        assertInstanceOf(org.deeplearning4j.nn.conf.dropout.Dropout.class, outDropout);
        assertEquals(0.5, ((org.deeplearning4j.nn.conf.dropout.Dropout) outDropout).getP(), 1e-12);
    }
    /**
     * The Simple CNN's dense units stay alive under Adam. Its 4,608 inputs are ReLU outputs (never negative); with a plain
     * dense ReLU layer (the layout until session 11) Adam at 1e-3 left almost every unit dead within a few hundred steps on
     * the real data (252 of 256 after 300 steps), and on this synthetic batch most of them within 30. The batch norm
     * before the ReLU keeps each unit centred on the batch.
     */
    @ParameterizedTest
    @CsvSource({"simple, fc_bn_relu", "hybrid, img_fc_bn_relu", "hybrid, fc"})
    void denseUnitsStayAliveUnderAdam(String name, String layer) {
        INDArray[] in = inputs(name);
        ComputationGraph g = Networks.build(name, 5, 1e-3, 1e-4, null, (int) in[in.length - 1].size(1));
        if (Networks.Layout.of(g).format() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC) in[0] = in[0].permute(0, 2, 3, 1).dup();
        MultiDataSet mds = new MultiDataSet(in, new INDArray[]{labels()});
        for (int step = 0; step < 30; step++) g.fit(mds);
        INDArray h = g.feedForward(in, false, false).get(layer);
        long dead = h.max(0).lte(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        assertTrue(dead < h.size(1) / 4, name + " " + layer + ": " + dead + " of " + h.size(1) + " units are 0 on every face");
    }
}
