package org.fer.model;

import org.fer.core.Usage;
import org.fer.data.Fer2013Data;
import org.fer.data.Fer2013Reader;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.MetricsReport;
import org.fer.io.Hashing;
import org.fer.io.Provenance;
import org.fer.metrics.ClassificationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer evaluate}: any saved model on a raw Kaggle CSV (each Usage present) or a processed directory. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a saved model (any kind) and writes metrics.json and confusion matrices.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model file (default: the shipped model named in results/default-model.txt).")
    Path model;
    @Option(names = "--data", required = true, description = "FER2013 CSV (.csv/.csv.gz, any subset of Usage values) or processed directory.")
    Path data;
    @Option(names = "--out", required = true, description = "Output directory for metrics.json and PNGs.")
    Path out;
    @Option(names = "--include-train", description = "Also evaluate the train split (slow; off by default).")
    boolean includeTrain;
    @Option(names = "--tta", description = "Test-time augmentation: none, flip (mean over the face and its mirror image), flip-shift (those two also shifted "
            + "2 px four ways: 10 views), flip-affine (those ten, and the face and its mirror image rotated by +-8 degrees and scaled by 1.08 and 0.92: 18 views), or auto (whichever is most accurate on the val split, then applied to every split; needs a processed directory). "
            + "Default: what results/default-model.txt records for the shipped model, none for a --model file.")
    String tta;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        TestTimeAugmented.Mode mode = DefaultModel.tta(tta, model);
        Path modelFile = model != null ? model : DefaultModel.resolve();
        try (EmotionClassifier plain = ModelLoader.loadAny(modelFile)) {
            return evaluate(plain, modelFile, mode, t0);
        }
    }

    private int evaluate(EmotionClassifier plain, Path modelFile, TestTimeAugmented.Mode mode, long t0) {
        // a refit trained on val: its val accuracy means nothing, so val is neither reported nor allowed to choose
        List<?> trainedOn = plain.describe().get(MetricsReport.TRAINED_ON) instanceof List<?> l ? l : List.of();
        if (mode == TestTimeAugmented.Mode.AUTO && trainedOn.contains("val"))
            throw new org.fer.core.FerException("--tta auto chooses on val, but " + modelFile + " was trained on val (a refit): "
                    + "give the mode val chose for its source run (--tta none|flip|flip-shift|flip-affine)");
        List<Split> splits = new ArrayList<>();
        String dataHash;
        if (Files.isDirectory(data)) {
            ProcessedDataset ds = ProcessedDataset.open(data);
            dataHash = ds.manifestSha256();
            List<String> names = new ArrayList<>();
            if (includeTrain && ds.has("train")) names.add("train");
            names.addAll(MetricsReport.reportSplits(ds, plain.describe()));
            for (String s : names) splits.add(ds.split(s));
        } else {
            Fer2013Data d = new Fer2013Reader(false).read(data);
            dataHash = d.csvSha256();
            for (Usage u : Usage.values()) {
                int[] idx = java.util.stream.IntStream.range(0, d.rows()).filter(i -> d.usage()[i] == u.ordinal()).toArray();
                if (idx.length == 0 || (u == Usage.TRAINING && !includeTrain && idx.length < d.rows())) continue;
                if (trainedOn.contains(u.splitName())) continue;
                byte[] x = new byte[idx.length * org.fer.core.Face48.PIXELS];
                int[] y = new int[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    System.arraycopy(d.pixels(), idx[k] * org.fer.core.Face48.PIXELS, x, k * org.fer.core.Face48.PIXELS, org.fer.core.Face48.PIXELS);
                    y[k] = d.label(idx[k]);
                }
                splits.add(new Split(u.splitName(), x, y, idx));
            }
        }
        Map<String, Object> choice = new java.util.LinkedHashMap<>();
        if (mode == TestTimeAugmented.Mode.AUTO) mode = chooseOnVal(plain, splits, choice);
        choice.put("mode", mode.label());
        EmotionClassifier clf = TestTimeAugmented.apply(plain, mode);
        MetricsReport report = new MetricsReport("evaluate", clf.describe());
        report.put("test_time_augmentation", choice);
        for (Split sp : splits) {
            long s0 = System.nanoTime();
            int[] pred = MetricsReport.predictAll(clf, sp);
            ClassificationMetrics m = report.addSplit(sp.name(), sp.y(), pred, (System.nanoTime() - s0) / 1e9, out);
            System.out.printf(Locale.ROOT, "%-13s n=%5d accuracy %.2f %%  macro-F1 %.3f%n", sp.name(), sp.size(), 100 * m.accuracy(), m.macroF1());
        }
        Map<String, Object> prov = Provenance.base("evaluate");
        prov.put("inputs", Map.of("model", modelFile.toString(), "model_sha256", Hashing.sha256(modelFile),
                "data", data.toString(), "data_sha256", dataHash));
        prov.put("wall_time_s", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
        report.put("provenance", prov);
        report.write(out);
        System.out.println("wrote " + out.resolve("metrics.json"));
        return 0;
    }

    /** --tta auto: the val split decides among none, flip, flip-shift and flip-affine (a dearer mode must be strictly better). */
    static TestTimeAugmented.Mode chooseOnVal(EmotionClassifier plain, List<Split> splits, Map<String, Object> record) {
        Split val = splits.stream().filter(s -> s.name().equals("val")).findFirst().orElseThrow(() -> new org.fer.core.FerException(
                "--tta auto chooses on the val split, which this data has not (pass a processed directory from fer preprocess, or --tta none|flip|flip-shift|flip-affine)"));
        TestTimeAugmented.ValScores scores = TestTimeAugmented.ValScores.of(plain, val);
        record.put("chosen_on", "val");
        record.putAll(scores.asRecord());
        System.out.println("--tta auto: val accuracy " + scores.summary());
        return scores.best();
    }
}
