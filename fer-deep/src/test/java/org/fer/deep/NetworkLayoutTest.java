package org.fer.deep;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * For the networks that end in global average pooling, the NHWC layout (and workspaces off) that cnn-speed measures
 * computes the same function, with the same parameters, as the default layout. (Networks that flatten a feature map into a
 * dense layer — simple, dexpression, tiny — flatten in another order under NHWC: the same family of functions, but
 * parameters are not interchangeable between the layouts.)
 */
class NetworkLayoutTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    @ParameterizedTest
    @ValueSource(strings = {"xception", "inception"})
    void nhwcComputesTheSameFunctionAsNchw(String name) {
        ComputationGraph nchw = Networks.build(name, 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, Networks.Layout.DEFAULT);
        ComputationGraph nhwc = Networks.build(name, 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION,
                new Networks.Layout(CNN2DFormat.NHWC, WorkspaceMode.NONE));
        assertEquals(nchw.numParams(), nhwc.numParams());
        nhwc.setParams(nchw.params().dup());
        byte[] px = new byte[5 * 2304];
        new Random(7).nextBytes(px);
        INDArray x = FaceTensorContract.toInput(px, new int[]{0, 1, 2, 3, 4});
        INDArray a = nchw.outputSingle(false, x);
        INDArray b = nhwc.outputSingle(false, new Networks.Layout(CNN2DFormat.NHWC, WorkspaceMode.NONE).input(x));
        assertArrayEquals(new long[]{5, 7}, b.shape());
        assertTrue(a.equalsWithEps(b, 1e-4), name + ": NCHW " + a + " vs NHWC " + b);
    }

    @org.junit.jupiter.api.Test
    void modelsReadTheirLayoutAndGiveTheSamePredictionsAndMapsInEither(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertEquals(CNN2DFormat.NHWC, Networks.Layout.preferred("xception").format());
        assertEquals(CNN2DFormat.NHWC, Networks.Layout.preferred("simple").format());
        assertEquals(CNN2DFormat.NCHW, Networks.Layout.preferred("inception").format()); // its NHWC gradient is wrong (NetworkLayoutGradientTest)
        ComputationGraph nhwc = Networks.build("xception", 3, 1e-3, 1e-4, null);
        ComputationGraph nchw = Networks.build("xception", 3, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, Networks.Layout.DEFAULT);
        assertEquals(CNN2DFormat.NHWC, Networks.Layout.of(nhwc).format());
        assertEquals(CNN2DFormat.NCHW, Networks.Layout.of(nchw).format());
        nchw.setParams(nhwc.params().dup());
        // through a saved file, as every consumer meets a model
        java.nio.file.Path file = dir.resolve("m.zip");
        ModelFile.save(file, nhwc, java.util.Map.of("contract", FaceTensorContract.VERSION, "network", "xception"), false);
        DeepModel loaded = DeepModel.load(file);
        assertEquals("NHWC", loaded.describe().get("layout"));
        DeepModel reference = new DeepModel(nchw, java.util.Map.of("network", "xception"));
        byte[] px = new byte[3 * 2304];
        new Random(11).nextBytes(px);
        java.util.List<org.fer.core.Face48> faces = java.util.List.of(org.fer.core.Face48.fromTensor(px, 0), org.fer.core.Face48.fromTensor(px, 1), org.fer.core.Face48.fromTensor(px, 2));
        float[][] a = loaded.predictProba(faces), b = reference.predictProba(faces), c = loaded.predictTensor(px, 3);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(b[i], a[i], 1e-5f);
            assertArrayEquals(b[i], c[i], 1e-5f);
        }
        ClassActivationMap.Result camA = ClassActivationMap.compute(loaded.graph(), faces.get(0), 2, "cam");
        ClassActivationMap.Result camB = ClassActivationMap.compute(nchw, faces.get(0), 2, "cam");
        assertArrayEquals(camB.map(), camA.map(), 1e-4f);
    }
}
