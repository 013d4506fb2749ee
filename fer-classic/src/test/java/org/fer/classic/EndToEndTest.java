package org.fer.classic;

import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;
import org.fer.experiment.MetricsReport;
import org.fer.features.FeatureDataset;
import org.fer.features.FeatureSplit;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

class EndToEndTest {
    @TempDir
    static Path tmp;
    static Path processed;

    @BeforeAll
    static void data() {
        processed = Fixtures.processed(tmp, 40);
    }

    @Test
    @SuppressWarnings("unchecked")
    void lgbmOnFlatWritesMetricsAndAModelThatEvaluateReloads() {
        Path out = tmp.resolve("lgbm");
        int exit = new picocli.CommandLine(new LgbmCommand()).execute("--input", "flat", "--data", processed.toString(), "--out", out.toString(),
                "--leaves", "7", "--max-rounds", "20", "--patience", "5", "--class-weight", "balanced");
        assertEquals(0, exit);
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        Map<String, Object> splits = (Map<String, Object>) m.get("splits");
        assertEquals(List.of("val", "public_test", "private_test"), List.copyOf(splits.keySet()));
        for (String s : splits.keySet()) assertTrue(Files.exists(out.resolve("confusion_" + s + ".png")));
        Map<String, Object> training = (Map<String, Object>) m.get("training");
        Map<String, Object> cw = (Map<String, Object>) training.get("class_weights");
        assertEquals("balanced", cw.get("mode"));
        Map<String, Object> prov = (Map<String, Object>) m.get("provenance");
        Map<String, Object> features = (Map<String, Object>) ((Map<String, Object>) prov.get("inputs")).get("features");
        assertEquals(ProcessedDataset.open(processed).manifestSha256(), features.get("manifest_sha256"));
        assertEquals(42, ((Number) prov.get("seed")).intValue());

        // fer evaluate's path: any loader on the class path, raw faces in, same predictions as the run's report
        Path model = out.resolve(ClassicRun.MODEL_FILE);
        assertTrue(ServiceLoader.load(ModelLoader.class).stream().anyMatch(p -> p.type() == ClassicModelLoader.class));
        Split val = ProcessedDataset.open(processed).split("val");
        try (EmotionClassifier c = ModelLoader.loadAny(model)) {
            int[] pred = MetricsReport.predictAll(c, val);
            int ok = 0;
            for (int i = 0; i < pred.length; i++) if (pred[i] == val.y()[i]) ok++;
            double acc = ((Number) ((Map<String, Object>) splits.get("val")).get("accuracy")).doubleValue();
            assertEquals(acc, ok / (double) pred.length, 1e-6);  // metrics.json keeps 6 decimals
            assertEquals("flat", ((Map<String, Object>) c.describe().get("features")).get("kind"));
        }
    }

    @Test
    void svmModelRoundTripsThroughTheLoaderForEverySolver() {
        FeatureInput in = FeatureInput.flat(processed);
        for (String solver : List.of("rff", "exact")) {
            Path out = tmp.resolve("svm-flat-" + solver);
            SvmRun.Options o = new SvmRun.Options("rbf", solver, List.of(1.0), List.of(1.0 / 2304), 300, 0, 20, List.of("sqrt"), 2);
            ClassicRun.Outcome r = SvmRun.run("svm-flat", "test", in, out, o, System.nanoTime());
            Split pub = ProcessedDataset.open(processed).split("public_test");
            try (EmotionClassifier c = ModelLoader.loadAny(r.model())) {
                int[] pred = MetricsReport.predictAll(c, pub);
                int ok = 0;
                for (int i = 0; i < pred.length; i++) if (pred[i] == pub.y()[i]) ok++;
                assertEquals(r.accuracy().get("public_test"), ok / (double) pred.length, 1e-9, solver);
            }
        }
    }

    @Test
    void svmExperimentFindsTheBenchFeatureDirectoryOfItsDataset() throws Exception {
        // a fer-features-v1 "hog" directory of this processed set, as a features experiment would leave it
        Path work = tmp.resolve("bench-work");
        Path feat = work.resolve("features-hog");
        ProcessedDataset ds = ProcessedDataset.open(processed);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : ds.splits()) {
            Split sp = ds.split(s);
            int d = 16;
            float[] x = new float[sp.size() * d];
            for (int i = 0; i < sp.size(); i++)   // 4x4 block means: a crude but learnable descriptor
                for (int b = 0; b < d; b++) {
                    int bx = b % 4, by = b / 4;
                    double sum = 0;
                    for (int yy = 0; yy < 12; yy++) for (int xx = 0; xx < 12; xx++) sum += sp.face(i).get(bx * 12 + xx, by * 12 + yy);
                    x[i * d + b] = (float) (sum / 144);
                }
            FeatureDataset.writeSplit(feat, new FeatureSplit(s, sp.size(), d, x, sp.y(), sp.rows()));
            counts.put(s, sp.size());
        }
        Json.write(feat.resolve(FeatureDataset.MANIFEST), FeatureDataset.manifest("hog", 16, Map.of("test", "block means"), processed,
                ds.manifestSha256(), counts, 0, Provenance.base("test")));
        Experiment e = ServiceLoader.load(Experiment.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.id().equals("svm-hog")).findFirst().orElseThrow();
        Path out = tmp.resolve("results/svm-hog");
        e.run(new ExperimentContext(processed, Files.createDirectories(work.resolve("svm-hog")), Files.createDirectories(out), true, 42));
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        assertEquals("svm-hog", m.get("experiment"));
        assertTrue(m.toString().contains(feat.toString()));
        // a feature directory of another dataset (other source hash) is not picked up
        assertTrue(FeatureLocator.find("hog", "f".repeat(64), List.of(work)).isEmpty());
    }

    @Test
    void lgbmTakesAnyFeatureDirectory() {
        Path dir = Fixtures.featureDir(tmp.resolve("feat-blobs"), "autoencoded", 40, 6);
        FeatureInput in = FeatureInput.features(dir);
        ClassicRun.Outcome r = LgbmRun.run("lgbm-blobs", "test", in, tmp.resolve("lgbm-blobs"),
                List.of(LgbmConfig.defaults().with(7, 0.2, 1.0).rounds(40, 10)), List.of("none"), 1, System.nanoTime());
        assertTrue(r.accuracy().get("public_test") > 0.5, r.accuracy().toString());
        assertEquals(List.of("val", "public_test"), List.copyOf(r.accuracy().keySet()));
    }

    @Test
    void hogModelRebuildsItsFeaturePipelineFromFerFeaturesForRawFaces() {
        ProcessedDataset ds = ProcessedDataset.open(processed);
        Path feat = FeatureLocator.compute(ds, FeaturesBridge.seedExtractor("hog"), tmp.resolve("hog-features"));
        FeatureInput in = FeatureInput.features(feat);
        assertEquals(org.fer.features.FeatureConfig.seed(org.fer.features.FeatureKind.HOG).toMap(), in.parameters());
        SvmRun.Options o = new SvmRun.Options("rbf", "rff", List.of(1.0), null, 200, 0, 20, List.of("balanced", "sqrt"), 4);
        ClassicRun.Outcome r = SvmRun.run("svm-hog", "test", in, tmp.resolve("svm-hog-model"), o, System.nanoTime());
        Split val = ds.split("val");
        try (EmotionClassifier c = ModelLoader.loadAny(r.model())) {
            int[] pred = MetricsReport.predictAll(c, val);
            int ok = 0;
            for (int i = 0; i < pred.length; i++) if (pred[i] == val.y()[i]) ok++;
            assertEquals(r.accuracy().get("val"), ok / (double) pred.length, 1e-9, "faces -> HOG -> SVM equals the feature-file run");
        }
        // a recorded configuration fer-features would describe differently is refused, not silently changed
        Map<String, Object> odd = new LinkedHashMap<>(in.parameters());
        odd.put("order", "something else");
        assertThrows(FerException.class, () -> FeaturesBridge.config("hog", odd));
    }

    @Test
    void allFiveExperimentsAreRegistered() {
        List<String> ids = ServiceLoader.load(Experiment.class).stream().map(p -> p.get().id()).toList();
        assertTrue(ids.containsAll(List.of("lgbm-flat", "svm-hog", "svm-landmarks", "svm-landmarks-hog", "svm-sliding")), ids.toString());
    }

    @Test
    void modelsOfFeatureKindsThatCannotBeRebuiltFailWithAMessage() {
        FeaturePipeline p = FeaturePipelines.recordedOnly("hog", Map.of(), 16, "no extractor");
        FerException e = assertThrows(FerException.class, () -> p.extract(List.of()));
        assertTrue(e.getMessage().contains("'hog'"));
        assertFalse(ModelFile.looksLike(processed.resolve("manifest.json")));
    }
}
