package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.features.FeatureConfig;
import org.fer.features.FeatureExtractor;
import org.fer.features.FeatureKind;
import org.fer.features.Features;
import org.fer.features.landmarks.ShapePredictor;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The two-input hybrid through DeepModel / EmotionClassifier / the trainer / the saved file. */
class HybridModelTest {
    static Split faces;

    @BeforeAll
    static void init() {
        DeepRuntime.init();
        faces = SynthData.split("f", 3, 500, 9);
    }

    static List<Face48> faceList() {
        List<Face48> l = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) l.add(faces.face(i));
        return l;
    }

    /** Softmax straight from the graph, the features from fer-features' own extractor (not the adapter). */
    static float[][] direct(ComputationGraph g, FeatureKind kind) {
        FeatureExtractor fx = Features.create(FeatureConfig.seed(kind));
        int n = faces.size();
        float[] f = new float[n * fx.dimension()];
        for (int i = 0; i < n; i++) System.arraycopy(fx.extract(faces.face(i)), 0, f, i * fx.dimension(), fx.dimension());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        INDArray out = g.output(false, FaceTensorContract.toInput(faces.x(), idx), Nd4j.create(f, new long[]{n, fx.dimension()}, 'c'))[0];
        float[][] p = new float[n][];
        for (int i = 0; i < n; i++) p[i] = out.getRow(i).toFloatVector();
        return p;
    }

    static void assertSame(float[][] a, float[][] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 1e-5f, "face " + i);
    }

    static Map<String, Object> meta(HybridInputs h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contract", FaceTensorContract.VERSION);
        m.put("network", "hybrid");
        m.put(InputAdapter.META_KEY, h.toMeta());
        return m;
    }

    @Test
    void deepModelFeedsTheSameInputsAsTheGraphDirectly() {
        HybridInputs h = HybridInputs.create(FeatureKind.HOG);
        ComputationGraph g = Networks.build("hybrid", 4, 1e-3, 0, null, h.dimension());
        float[][] expected = direct(g, FeatureKind.HOG);
        DeepModel m = new DeepModel(g, meta(h));
        assertNotNull(m.adapter());
        assertSame(expected, m.predictProba(faceList()));
        assertSame(expected, m.predictTensor(faces.x(), faces.size()));
        // a one-input call path would be wrong: the model refuses to be built without its adapter
        assertThrows(FerException.class, () -> new DeepModel(g, Map.of("network", "hybrid")));
    }

    @Test
    void savedAndLoadedHybridPredictsIdentically(@TempDir Path dir) throws Exception {
        HybridInputs h = HybridInputs.create(FeatureKind.HOG);
        ComputationGraph g = Networks.build("hybrid", 5, 1e-3, 0, null, h.dimension());
        float[][] before = new DeepModel(g, meta(h)).predictProba(faceList());
        Path f = dir.resolve("model.zip");
        ModelFile.save(f, g, meta(h), false);
        try (EmotionClassifier c = ModelLoader.loadAny(f)) {
            assertSame(before, c.predictProba(faceList()));
            assertEquals("hog", ((Map<?, ?>) c.describe().get(InputAdapter.META_KEY)).get("kind"));
        }
    }

    @Test
    void trainerTrainsAndSavesAHybridThatLoadsBack(@TempDir Path out) throws Exception {
        Split train = SynthData.split("train", 10, 0, 21), val = SynthData.split("val", 3, 10_000, 21);
        TrainConfig cfg = new TrainConfig("hybrid", 1, 16, 1e-3, 1e-4, 3, true, Augmenter.DEFAULT, 5, 2, 0.5, 1e-5, 0, 0);
        Trainer.Result r = Trainer.train(train, val, cfg, out, false, HybridInputs.create(FeatureKind.HOG));
        Map<String, Object> meta = ModelFile.meta(out.resolve(Trainer.BEST));
        assertEquals("hog", ((Map<?, ?>) meta.get(InputAdapter.META_KEY)).get("kind"));
        float[][] expected = direct(r.best(), FeatureKind.HOG);
        try (EmotionClassifier c = ModelLoader.loadAny(out.resolve(Trainer.BEST))) {
            assertSame(expected, c.predictProba(faceList()));
        }
        assertEquals(r.state().bestValAcc, Trainer.evaluate(DeepModel.load(out.resolve(Trainer.BEST)), val)[0], 1e-9);
    }

    @Test
    void defaultLandmarkHogFeaturesWhenTheLandmarkModelIsInstalled() {
        assumeTrue(ShapePredictor.defaultAvailable(), "dlib landmark model not installed (apt-get install libdlib-data)");
        HybridInputs h = HybridInputs.createDefault();
        assertEquals(HybridInputs.DEFAULT_DIMENSION, h.dimension());
        ComputationGraph g = Networks.build("hybrid", 6, 1e-3, 0, null);
        assertSame(direct(g, FeatureKind.LANDMARKS_HOG), new DeepModel(g, meta(h)).predictProba(faceList()));
    }
}
