package org.fer.experiment;

import org.fer.core.Face48;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Json;
import org.fer.metrics.ClassificationMetrics;
import org.fer.metrics.ConfusionMatrixPlot;
import org.fer.model.EmotionClassifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one {@code metrics.json} layout every experiment and {@code fer evaluate} write:
 * {@code {experiment, model, splits: {<split>: ClassificationMetrics.toJson() + predict_s}, timing, provenance}}
 * and one {@code confusion_<split>.png} per split.
 */
public final class MetricsReport {
    /** Key of a model description listing the splits the model was trained on (a refit: train and val); they are not reported. */
    public static final String TRAINED_ON = "trained_on_splits";
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> splits = new LinkedHashMap<>();

    public MetricsReport(String experiment, Map<String, Object> model) {
        root.put("experiment", experiment);
        root.put("model", model);
        root.put("splits", splits);
    }

    public MetricsReport put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    public Map<String, Object> root() { return root; }

    public ClassificationMetrics addSplit(String split, int[] truth, int[] predicted, double predictSeconds, Path outDir) {
        ClassificationMetrics m = ClassificationMetrics.of(truth, predicted);
        Map<String, Object> j = m.toJson();
        j.put("predict_s", Math.round(predictSeconds * 1000) / 1000.0);
        splits.put(split, j);
        if (outDir != null) ConfusionMatrixPlot.write(m, root.get("experiment") + " - " + split, outDir.resolve("confusion_" + split + ".png"));
        return m;
    }

    /** Predicts every split of a processed dataset (val and the test splits; train too if asked) in batches. */
    public void evaluate(EmotionClassifier model, ProcessedDataset data, List<String> splitNames, Path outDir) {
        for (String s : splitNames) {
            Split sp = data.split(s);
            long t0 = System.nanoTime();
            int[] pred = predictAll(model, sp);
            addSplit(s, sp.y(), pred, (System.nanoTime() - t0) / 1e9, outDir);
        }
    }

    /** Class probabilities for every face of a split, predicted in batches of 256. */
    public static float[][] probaAll(EmotionClassifier model, Split sp) {
        return probaAll(model, sp, (out, from, to) -> {});
    }

    /** Told after each batch: rows {@code from..to-1} of {@code out} are now filled. */
    public interface BatchDone { void rows(float[][] out, int from, int to); }

    /** As {@link #probaAll(EmotionClassifier, Split)}, calling {@code done} after each batch (progress bars, running figures). */
    public static float[][] probaAll(EmotionClassifier model, Split sp, BatchDone done) {
        float[][] out = new float[sp.size()][];
        int batch = 256;
        for (int from = 0; from < sp.size(); from += batch) {
            int to = Math.min(sp.size(), from + batch);
            List<Face48> faces = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) faces.add(sp.face(i));
            float[][] p = model.predictProba(faces);
            System.arraycopy(p, 0, out, from, p.length);
            done.rows(out, from, to);
        }
        return out;
    }

    public static int[] predictAll(EmotionClassifier model, Split sp) {
        int[] pred = new int[sp.size()];
        int batch = 256;
        for (int from = 0; from < sp.size(); from += batch) {
            int to = Math.min(sp.size(), from + batch);
            List<Face48> faces = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) faces.add(sp.face(i));
            int[] p = model.predict(faces);
            System.arraycopy(p, 0, pred, from, p.length);
        }
        return pred;
    }

    public void write(Path outDir) {
        Json.write(outDir.resolve("metrics.json"), root);
    }

    /** Convenience for callers: names of the splits to report for a dataset (val + every test split). */
    /** {@link #reportSplits(ProcessedDataset)} less any split the model describes as trained on (a refit's val). */
    public static List<String> reportSplits(ProcessedDataset ds, Map<String, Object> modelDescription) {
        List<String> out = reportSplits(ds);
        if (modelDescription.get(TRAINED_ON) instanceof List<?> seen) out.removeIf(seen::contains);
        return out;
    }

    public static List<String> reportSplits(ProcessedDataset ds) {
        List<String> out = new ArrayList<>();
        if (ds.has("val")) out.add("val");
        out.addAll(ds.testSplits());
        return out;
    }
}
