package org.fer.model;

import org.fer.cli.Progress;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.MetricsReport;
import org.fer.io.Hashing;
import org.fer.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer soft-labels}: a teacher model's probabilities for every face of a split, for {@code fer train --teacher}. */
@Command(name = "soft-labels", mixinStandardHelpOptions = true,
        description = "Writes a teacher model's class probabilities for every face of one split of a processed directory (float32 .npy [faces, 7] "
                + "+ a .json sidecar), for knowledge distillation with fer train --teacher.")
public final class SoftLabelsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Teacher: any saved model (network, classic model, *.ensemble.json).")
    Path model;
    @Option(names = "--data", required = true, description = "Processed directory (fer preprocess).")
    Path data;
    @Option(names = "--split", defaultValue = "train", description = "Split to label (default ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--tta", defaultValue = "none", description = "Test-time augmentation of the teacher: none, flip, flip-shift or flip-affine (an ensemble's members keep their own; default ${DEFAULT-VALUE}).")
    String tta;
    @Option(names = "--out", required = true, description = "Output .npy file (its sidecar is <out>.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        TestTimeAugmented.Mode mode = TestTimeAugmented.Mode.parse(tta);
        if (mode == TestTimeAugmented.Mode.AUTO) throw new FerException("--tta auto is not offered here: choose the teacher's mode on val with fer evaluate --tta auto");
        if (!out.getFileName().toString().endsWith(".npy")) throw new FerException("--out " + out + ": expected a .npy file name");
        ProcessedDataset ds = ProcessedDataset.open(data);
        if (!ds.has(split)) throw new FerException(data + " has no '" + split + "' split (it has " + ds.splits() + ")");
        Split sp = ds.split(split);
        float[][] p;
        int[] hit = {0};
        try (EmotionClassifier clf = TestTimeAugmented.apply(ModelLoader.loadAny(model), mode);
             Progress bar = new Progress("soft labels " + split, sp.size())) {
            p = MetricsReport.probaAll(clf, sp, (out, from, to) -> {
                int[] am = EmotionClassifier.argmax(java.util.Arrays.copyOfRange(out, from, to));
                for (int i = 0; i < am.length; i++) if (am[i] == sp.y()[from + i]) hit[0]++;
                bar.step(to - from);
                bar.status(String.format(Locale.ROOT, "teacher accuracy %.3f", hit[0] / (double) to));
            });
        }
        double meanTrueProb = 0;
        for (int i = 0; i < p.length; i++) meanTrueProb += p[i][sp.y()[i]];
        meanTrueProb /= Math.max(1, p.length);
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("kind", "fer-soft-labels");
        side.put("teacher", model.toString());
        side.put("teacher_sha256", Hashing.sha256(model));
        side.put("tta", mode.label());
        side.put("split", split);
        side.put("faces", sp.size());
        side.put("split_sha256", SoftLabels.splitSha256(sp));
        side.put("teacher_accuracy", hit[0] / (double) Math.max(1, sp.size()));
        side.put("mean_probability_of_label", meanTrueProb);
        Map<String, Object> prov = Provenance.base("fer soft-labels --model " + model + " --data " + data + " --split " + split + " --tta " + mode.label() + " --out " + out);
        prov.put("inputs", Map.of("data", data.toString(), "data_manifest_sha256", ds.manifestSha256()));
        prov.put("wall_time_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        side.put("provenance", prov);
        SoftLabels.write(out, p, side);
        System.out.printf(Locale.ROOT, "wrote %s: %d faces, teacher accuracy %.2f %%, mean probability of the label %.3f%n",
                out, sp.size(), 100.0 * hit[0] / Math.max(1, sp.size()), meanTrueProb);
        return 0;
    }
}
