package org.fer.deep;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The two-thread training step is the plain step's arithmetic: same update, same batch-norm statistics, same iteration count. */
class DataParallelStepTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    static INDArray faces(int n, long seed) {
        byte[] px = new byte[n * 2304];
        new Random(seed).nextBytes(px);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return FaceTensorContract.toInput(px, idx);
    }

    private static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(n, 7);
        for (int i = 0; i < n; i++) y.putScalar(i, (i * 3) % 7, 1);
        return y;
    }

    static double relDiff(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / Math.max(1e-12, a.norm2Number().doubleValue());
    }

    /** No batch norm, plain SGD with a large L2: any error in the gradient's scale or in the halves shows in the weights. */
    private static ComputationGraph sgdNet() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.05)).l2(0.01)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(48, 48, 1))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(7).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void sameUpdateAsThePlainStepWithoutBatchNorm() {
        ComputationGraph plain = sgdNet(), par = sgdNet();
        par.setParams(plain.params().dup());
        try (DataParallelStep step = new DataParallelStep(par)) {
            for (int s = 0; s < 3; s++) {
                INDArray x = faces(8, s), y = labels(8);
                plain.fit(new INDArray[]{x}, new INDArray[]{y});
                double loss = step.fit(new INDArray[]{x}, new INDArray[]{y});
                assertTrue(Double.isFinite(loss));
            }
        }
        double moved = relDiff(plain.params(), sgdNet().params());
        assertTrue(moved > 1e-4, "the weights must have moved: " + moved);
        assertTrue(relDiff(plain.params(), par.params()) < 1e-5, "data-parallel weights differ: " + relDiff(plain.params(), par.params()));
        assertEquals(plain.getIterationCount(), par.getIterationCount());
    }

    @Test
    void batchNormStatisticsAreAveragedNotSummed() {
        // Two identical halves: each half's gradient and batch-norm update equal those of a plain step on one half.
        ComputationGraph plain = Networks.build("xception", 3, 1e-3, 0.01, null), par = Networks.build("xception", 3, 1e-3, 0.01, null);
        par.setParams(plain.params().dup());
        Networks.Layout layout = Networks.Layout.of(plain);
        try (DataParallelStep step = new DataParallelStep(par)) {
            for (int s = 0; s < 2; s++) {
                INDArray x = faces(6, 10 + s), y = labels(6);
                plain.fit(new INDArray[]{layout.input(x)}, new INDArray[]{y});
                step.fit(new INDArray[]{layout.input(Nd4j.concat(0, x, x))}, new INDArray[]{Nd4j.concat(0, y, y)});
            }
        }
        double d = relDiff(plain.params(), par.params());
        assertTrue(d < 1e-4, "parameters (with batch-norm moving statistics) differ: " + d);
        assertEquals(plain.getIterationCount(), par.getIterationCount());
    }

    @Test
    void oddBatchFallsBackToThePlainStep() {
        ComputationGraph plain = sgdNet(), par = sgdNet();
        par.setParams(plain.params().dup());
        INDArray x = faces(5, 3), y = labels(5);
        plain.fit(new INDArray[]{x}, new INDArray[]{y});
        try (DataParallelStep step = new DataParallelStep(par)) {
            step.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        assertEquals(0, relDiff(plain.params(), par.params()), 1e-7);
    }
}
