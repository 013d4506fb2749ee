package org.fer.deep;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training with the forward pass cached ({@link Networks#TRAINING_CACHE}) is the same arithmetic as DL4J's default, which
 * computes every convolution again in the backward pass: same weights after several Adam steps on changing batches (a
 * stale cache would feed the previous batch's outputs to the gradient), and the cache is really used.
 */
class CacheModeTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    private static INDArray labels(int n, long seed) {
        INDArray y = Nd4j.zeros(n, 7);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) y.putScalar(i, r.nextInt(7), 1);
        return y;
    }

    /** Conv layers whose forward output DL4J kept for the backward pass (its protected field, read by reflection). */
    private static int cachedConvOutputs(ComputationGraph g) throws ReflectiveOperationException {
        Field f = null;
        for (Class<?> c = ConvolutionLayer.class; f == null && c != null; c = c.getSuperclass())
            try {
                f = c.getDeclaredField("preOutput");
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        if (f == null) throw new NoSuchFieldException("preOutput (DL4J changed its convolution layer)");
        f.setAccessible(true);
        int n = 0;
        for (Layer l : g.getLayers())
            if (l instanceof ConvolutionLayer && f.get(l) != null) n++;
        return n;
    }

    @ParameterizedTest
    @CsvSource({"simple", "xception", "inception"})
    void cachedForwardPassGivesTheSameTraining(String name) throws ReflectiveOperationException {
        ComputationGraph cached = Networks.build(name, 3, 1e-3, 1e-4, null);
        ComputationGraph recomputed = Networks.build(name, 3, 1e-3, 1e-4, null);
        assertEquals(Networks.TRAINING_CACHE, cached.getConfiguration().getCacheMode(), "built graphs train with the cache");
        Networks.setCacheMode(recomputed, CacheMode.NONE);
        assertEquals(cached.params(), recomputed.params());
        Networks.Layout layout = Networks.Layout.of(cached);
        for (int step = 0; step < 3; step++) {
            INDArray[] x = {layout.input(DataParallelStepTest.faces(6, step))}, y = {labels(6, step)};
            Nd4j.getRandom().setSeed(100 + step); // same dropout masks for both
            cached.fit(x, y);
            Nd4j.getRandom().setSeed(100 + step);
            recomputed.fit(x, y);
        }
        assertTrue(cachedConvOutputs(cached) > 0, "the cached graph kept no convolution output: the cache is not in use");
        assertEquals(0, cachedConvOutputs(recomputed), "CacheMode.NONE keeps none");
        double rel = DataParallelStepTest.relDiff(cached.params(), recomputed.params());
        assertTrue(rel < 1e-6, name + ": weights differ after 3 steps, relative " + rel);
        assertNotEquals(Networks.build(name, 3, 1e-3, 1e-4, null).params(), cached.params(), "the weights must have moved");
    }

    @Test
    void replicasAndLoadedModelsTrainWithTheCacheToo(@TempDir Path dir) {
        ComputationGraph g = Networks.build("tiny", 3, 1e-3, 1e-4, null);
        try (DataParallelStep step = new DataParallelStep(g)) {
            assertEquals(Networks.TRAINING_CACHE, step.replica().getConfiguration().getCacheMode());
            for (Layer l : step.replica().getLayers()) assertEquals(Networks.TRAINING_CACHE, l.conf().getCacheMode());
        }
        Networks.setCacheMode(g, CacheMode.NONE); // as every model saved before session 9
        Path file = dir.resolve("m.zip");
        ModelFile.save(file, g, Map.of("contract", FaceTensorContract.VERSION, "network", "tiny"), true);
        ComputationGraph loaded = ModelFile.load(file, true);
        assertEquals(Networks.TRAINING_CACHE, loaded.getConfiguration().getCacheMode());
        for (Layer l : loaded.getLayers()) assertEquals(Networks.TRAINING_CACHE, l.conf().getCacheMode(), l.conf().getLayer().getLayerName());
    }
}
