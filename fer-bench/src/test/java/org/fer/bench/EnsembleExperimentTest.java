package org.fer.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnsembleExperimentTest {
    @TempDir
    Path dir;

    void experiment(Path results, String id, Double val, String modelName, String model) throws Exception {
        Path d = Files.createDirectories(results.resolve(id));
        if (val != null) Files.writeString(d.resolve("metrics.json"), "{\"splits\":{\"val\":{\"accuracy\":" + val + "}}}");
        if (model != null) Files.writeString(d.resolve(modelName), model);
    }

    @Test
    void offersOneLoadableModelPerExperimentBestValFirst() throws Exception {
        Path results = dir.resolve("results"), work = dir.resolve("work");
        experiment(results, "cnn-a", 0.60, "model.zip", "CONST 3");
        experiment(results, "cnn-a-ft", 0.62, "model.zip", "CONST 3"); // replaces cnn-a
        experiment(results, "svm-b", 0.50, "model.classic.zip", "CONST 6");
        experiment(results, "cnn-d", 0.58, "model.zip", "CONST 4");
        experiment(results, "cnn-d-pbn", 0.57, "model.zip", "CONST 4"); // replaces cnn-d, even when its own val is lower
        experiment(results, "keras-peer-x", 0.65, "model.zip", "CONST 3"); // a peer's model: never offered
        experiment(results, "cnn-a-tta", 0.63, null, null); // an evaluation, no model of its own
        experiment(results, "broken", 0.70, "model.zip", "CONST broken"); // fails to load: skipped with a warning
        experiment(results, "lgbm-codes", 0.52, "model.classic.zip", "CONST mute"); // loads, cannot predict a face: skipped
        experiment(results, "ensemble", 0.99, "model.zip", "CONST 1"); // itself
        experiment(results, "cnn-c", 0.55, null, null); // bench-trained CNN: model in the work folder
        Files.createDirectories(work.resolve("cnn-c/train"));
        Files.writeString(work.resolve("cnn-c/train/model.zip"), "CONST 0");

        List<EnsembleExperiment.Candidate> c = EnsembleExperiment.candidates(results, work, "ensemble");
        assertEquals(List.of("cnn-a-ft", "cnn-d-pbn", "cnn-c", "svm-b"), c.stream().map(EnsembleExperiment.Candidate::id).toList());
        assertEquals(work.resolve("cnn-c/train/model.zip"), c.get(2).model());
    }

    @Test
    void ranksByTheValAccuracyOfItsTestTimeAugmentationEvaluationWhenThereIsOne() throws Exception {
        Path results = dir.resolve("results");
        for (int i = 0; i < EnsembleExperiment.MAX; i++) experiment(results, "m" + i, 0.60 + i / 100.0, "model.zip", "CONST " + (i % 7));
        experiment(results, "averaged", 0.55, "model.zip", "CONST 2"); // last by plain val ...
        Files.createDirectories(results.resolve("averaged-tta"));    // ... first with the averaging val chose for it
        Files.writeString(results.resolve("averaged-tta/metrics.json"),
                "{\"test_time_augmentation\":{\"mode\":\"flip-shift\"},\"splits\":{\"val\":{\"accuracy\":0.70}}}");
        experiment(results, "m0-tta", 0.99, null, null); // no test_time_augmentation record: not an averaging evaluation, ignored

        List<EnsembleExperiment.Candidate> c = EnsembleExperiment.candidates(results, dir.resolve("work"), "ensemble");
        assertEquals(EnsembleExperiment.MAX, c.size());
        assertEquals("averaged", c.get(0).id());
        assertEquals(0.70, c.get(0).val(), 1e-12);
        assertEquals("m1", c.get(EnsembleExperiment.MAX - 1).id()); // m0 (plain 0.60) is the one left out
    }

    @Test
    void oneNetworkLayoutTakesAtMostHalfThePlaces() throws Exception {
        Path results = dir.resolve("results");
        for (int i = 0; i < EnsembleExperiment.MAX; i++) experiment(results, "wide" + i, 0.70 - i / 100.0, "model.zip", "CONST 3 xception-wide");
        experiment(results, "simple", 0.50, "model.zip", "CONST 4 simple");
        experiment(results, "svm", 0.40, "model.classic.zip", "CONST 5"); // names no network: a layout of its own

        List<EnsembleExperiment.Candidate> c = EnsembleExperiment.candidates(results, dir.resolve("work"), "ensemble");
        assertEquals(List.of("wide0", "wide1", "wide2", "wide3", "simple", "svm"), c.stream().map(EnsembleExperiment.Candidate::id).toList());
    }

    @Test
    void offersAtMostMaxCandidates() throws Exception {
        Path results = dir.resolve("results");
        for (int i = 0; i < EnsembleExperiment.MAX + 3; i++) experiment(results, "m" + i, 0.3 + i / 100.0, "model.zip", "CONST " + (i % 7));
        List<EnsembleExperiment.Candidate> c = EnsembleExperiment.candidates(results, dir.resolve("work"), "ensemble");
        assertEquals(EnsembleExperiment.MAX, c.size());
        assertEquals("m" + (EnsembleExperiment.MAX + 2), c.get(0).id());
    }
}
