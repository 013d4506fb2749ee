package org.fer.classic;

import org.fer.experiment.MetricsReport;
import org.fer.io.Hashing;
import org.fer.io.Provenance;
import org.fer.metrics.ClassificationMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shared ending of {@code fer lgbm} and {@code fer svm}: evaluate val + test splits, write metrics.json, PNGs and the model. */
public final class ClassicRun {
    public static final String MODEL_FILE = "model" + ModelFile.SUFFIX;

    private ClassicRun() {}

    public record Outcome(Path metrics, Path model, Map<String, Double> accuracy) {}

    public static Outcome finish(String experiment, String command, ClassicModel model, FeatureInput input, Path out, long seed,
                                 ClassWeights weights, List<Map<String, Object>> grid, Map<String, Object> selection,
                                 double trainSeconds, long startNanos) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new org.fer.core.FerException("cannot create " + out + ": " + e.getMessage());
        }
        MetricsReport report = new MetricsReport(experiment, model.describe());
        Map<String, Double> acc = new LinkedHashMap<>();
        for (String s : input.reportSplits()) {
            FeatureMatrix m = input.split(s);
            long p0 = System.nanoTime();
            double[] proba = model.predictor().proba(m.x(), m.rows(), m.cols());
            int[] pred = new int[m.rows()];
            for (int i = 0; i < pred.length; i++) pred[i] = LgbmTrainer.argmax(proba, i);
            ClassificationMetrics cm = report.addSplit(s, m.y(), pred, (System.nanoTime() - p0) / 1e9, out);
            acc.put(s, cm.accuracy());
            System.out.printf(Locale.ROOT, "%-13s n=%5d accuracy %.2f %%  macro-F1 %.3f%n", s, m.rows(), 100 * cm.accuracy(), cm.macroF1());
        }
        Map<String, Object> training = new LinkedHashMap<>();
        FeatureMatrix train = input.split("train");
        training.put("train_rows", train.rows());
        training.put("feature_dimension", train.cols());
        training.put("train_s", LgbmTrainer.round(trainSeconds));
        training.put("class_weights", weights.toJson());
        training.put("selection", selection);
        training.put("grid", grid);
        report.put("training", training);

        Path modelFile = out.resolve(MODEL_FILE);
        model.save(modelFile);
        Map<String, Object> prov = Provenance.base(command);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("features", input.describe());
        inputs.put("model_file", modelFile.getFileName().toString());
        inputs.put("model_sha256", Hashing.sha256(modelFile));
        prov.put("inputs", inputs);
        prov.put("seed", seed);
        prov.put("parameters", model.describe());
        prov.put("wall_time_s", LgbmTrainer.round((System.nanoTime() - startNanos) / 1e9));
        report.put("provenance", prov);
        report.write(out);
        System.out.printf(Locale.ROOT, "trained in %.1f s; wrote %s and %s%n", trainSeconds, out.resolve("metrics.json"), modelFile);
        return new Outcome(out.resolve("metrics.json"), modelFile, acc);
    }
}
