package org.fer.model;

import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.MetricsReport;
import org.fer.io.Hashing;
import org.fer.io.Provenance;
import org.fer.metrics.ClassificationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fer ensemble}: chooses, on the val split only, which of the candidate models to average and whether each one
 * is test-time augmented (none, flip, flip-shift or flip-affine, each member's best on val), saves the choice as {@code <out>/model.ensemble.json} and evaluates it on every report split.
 * Every non-empty subset of the candidates is scored (at most {@value #MAX_CANDIDATES} candidates, so at most 255
 * subsets); the best val accuracy wins, ties going to the smaller, cheaper ensemble. Test splits are predicted only
 * after the choice is written.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Chooses an ensemble of saved models on the val split (members and their test-time augmentation), writes <out>/model.ensemble.json and its metrics.json.")
public final class EnsembleCommand implements Callable<Integer> {
    static final int MAX_CANDIDATES = 8;
    static final String FILE = "model" + EnsembleFile.SUFFIX;

    @Option(names = "--candidates", required = true, split = ",", description = "Comma-separated model files (any kind) to choose from.")
    List<Path> candidates;
    @Option(names = "--data", required = true, description = "Processed directory (from fer preprocess) with a val split.")
    Path data;
    @Option(names = "--out", required = true, description = "Output directory: model.ensemble.json, metrics.json, confusion PNGs.")
    Path out;

    /** One candidate's val probabilities under each test-time augmentation; the one val picks is its member's. */
    record Scored(Path model, String sha256, TestTimeAugmented.ValScores scores) {
        TestTimeAugmented.Mode tta() { return scores.best(); }

        float[][] chosen() { return scores.bestProba(); }
    }

    /** A subset of candidates (bit i = candidate i) and its val accuracy. */
    record Subset(int mask, double accuracy) {
        List<Integer> members() {
            List<Integer> m = new ArrayList<>();
            for (int i = 0; i < 31; i++) if ((mask >> i & 1) != 0) m.add(i);
            return m;
        }
    }

    @Override
    public Integer call() {
        choose(candidates, data, out);
        return 0;
    }

    /** Chooses on val, writes {@code <out>/model.ensemble.json} and {@code <out>/metrics.json}; returns the ensemble file. */
    public static Path choose(List<Path> candidates, Path data, Path out) {
        long t0 = System.nanoTime();
        if (candidates.isEmpty()) throw new FerException("no candidate models to choose an ensemble from");
        if (candidates.size() > MAX_CANDIDATES) throw new FerException("--candidates: at most " + MAX_CANDIDATES + " models, got " + candidates.size());
        if (candidates.stream().map(p -> p.toAbsolutePath().normalize()).distinct().count() != candidates.size())
            throw new FerException("--candidates: a model is named twice");
        ProcessedDataset ds = ProcessedDataset.open(data);
        if (!ds.has("val")) throw new FerException(data + ": no val split to choose the ensemble on (run fer preprocess with a validation fraction)");
        Split val = ds.split("val");

        List<Scored> scored = new ArrayList<>();
        for (Path c : candidates) {
            if (!java.nio.file.Files.isRegularFile(c)) throw new FerException("--candidates: model file not found: " + c);
            String sha = Hashing.sha256(c);
            try (EmotionClassifier clf = ModelLoader.loadAny(c)) {
                Scored s = new Scored(c, sha, TestTimeAugmented.ValScores.of(clf, val));
                System.out.println(c + ": val " + s.scores().summary());
                scored.add(s);
            }
        }
        List<Subset> subsets = rankSubsets(scored.stream().map(Scored::chosen).toList(), val.y());
        Subset best = subsets.get(0);
        List<EnsembleFile.Member> members = new ArrayList<>();
        for (int i : best.members()) members.add(new EnsembleFile.Member(scored.get(i).model(), scored.get(i).tta(), scored.get(i).sha256()));
        System.out.printf(Locale.ROOT, "chosen on val: %d of %d models, val %.2f %%%n", members.size(), scored.size(), 100 * best.accuracy());

        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("chosen_on", "val");
        selection.put("rule", "best val accuracy over every non-empty subset of the candidates (each with the test-time augmentation better on val); ties to fewer members");
        List<Object> cands = new ArrayList<>();
        for (Scored s : scored) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", s.model().toString());
            j.put("sha256", s.sha256());
            j.putAll(s.scores().asRecord());
            j.put("tta", s.tta().label());
            cands.add(j);
        }
        selection.put("candidates", cands);
        List<Object> ranked = new ArrayList<>();
        for (Subset s : subsets) ranked.add(Map.of("members", s.members(), "val_accuracy", s.accuracy()));
        selection.put("subsets_by_val_accuracy", ranked);
        Path file = out.resolve(FILE);
        EnsembleFile.write(file, members, Map.of("chosen_on", "val", "val_accuracy", best.accuracy(), "data_sha256", ds.manifestSha256()));

        // evaluate the saved file through the ordinary loader: what is measured is what evaluate/predict/live will run
        try (EmotionClassifier ens = ModelLoader.loadAny(file)) {
            MetricsReport report = new MetricsReport("ensemble", ens.describe());
            report.put("selection", selection);
            for (String name : MetricsReport.reportSplits(ds)) {
                Split sp = ds.split(name);
                long s0 = System.nanoTime();
                int[] pred = MetricsReport.predictAll(ens, sp);
                ClassificationMetrics m = report.addSplit(name, sp.y(), pred, (System.nanoTime() - s0) / 1e9, out);
                System.out.printf(Locale.ROOT, "%-13s n=%5d accuracy %.2f %%  macro-F1 %.3f%n", name, sp.size(), 100 * m.accuracy(), m.macroF1());
            }
            Map<String, Object> prov = Provenance.base("ensemble");
            prov.put("inputs", Map.of("candidates", candidates.stream().map(Path::toString).toList(), "data", data.toString(), "data_sha256", ds.manifestSha256()));
            prov.put("wall_time_s", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
            report.put("provenance", prov);
            report.write(out);
        }
        System.out.println("wrote " + file + " and " + out.resolve("metrics.json"));
        return file;
    }

    static double accuracy(int[] y, float[][] p) {
        return ClassificationMetrics.of(y, EmotionClassifier.argmax(p)).accuracy();
    }

    /** Every non-empty subset scored on the truth, best first (ties: fewer members, then lower candidate indices). */
    static List<Subset> rankSubsets(List<float[][]> tables, int[] truth) {
        List<Subset> all = new ArrayList<>();
        for (int mask = 1; mask < 1 << tables.size(); mask++) {
            List<float[][]> chosen = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) if ((mask >> i & 1) != 0) chosen.add(tables.get(i));
            all.add(new Subset(mask, accuracy(truth, Ensemble.mean(chosen))));
        }
        all.sort(Comparator.comparingDouble(Subset::accuracy).reversed()
                .thenComparingInt(s -> Integer.bitCount(s.mask())).thenComparingInt(Subset::mask));
        return all;
    }
}
