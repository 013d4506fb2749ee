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

    @ParameterizedTest
    @CsvSource({"inception, 244359, 1", "dexpression, 436439, 1", "hybrid, 723111, 2"})
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
}
