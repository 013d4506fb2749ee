package org.fer.deep;

import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.experiment.MetricsReport;
import org.fer.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer soup}: averages the weights of several trained copies of one network into one model ({@link WeightSoup}). */
@Command(name = "soup", mixinStandardHelpOptions = true,
        description = "Averages the weights of trained copies of one network that share a starting point (runs warm-started from one model, "
                + "a run's best and last epochs) into a single network: greedy by val accuracy (default) or uniform; writes model.zip and metrics.json.")
public final class SoupCommand implements Callable<Integer> {
    @Option(names = "--models", required = true, split = ",", description = "Comma-separated model files (fer train's model.zip or checkpoint.zip), same network.")
    List<Path> models;
    @Option(names = "--data", required = true, description = "Processed dataset directory (fer preprocess): val chooses; the test splits are only reported.")
    Path data;
    @Option(names = "--out", required = true, description = "Output directory (model.zip, metrics.json).")
    Path out;
    @Option(names = "--uniform", description = "Average every model given instead of the greedy choice on val.")
    boolean uniform;
    @Option(names = "--reestimate-bn", description = "Re-estimate the batch-norm statistics of every candidate (the first model alone included) "
            + "on the train split's faces (un-augmented unless --bn-augment) before val scores it, instead of averaging them (BatchNormStats).")
    boolean reestimateBn;
    @Option(names = "--bn-faces", defaultValue = "0", description = "With --reestimate-bn: use the train split's first N faces (default 0: all).")
    int bnFaces;
    @Option(names = "--bn-augment", description = "With --reestimate-bn: pass the train faces through the first model's own training augmentation "
            + "(recorded in its file), on which its moving averages were collected; default: un-augmented.")
    boolean bnAugment;
    @Option(names = "--seed", defaultValue = "42", description = "With --reestimate-bn: seed of dropout masks in the training-mode passes, if the network has dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        DeepRuntime.init();
        ProcessedDataset ds = ProcessedDataset.open(data);
        if (!ds.splits().contains("val")) throw new FerException("soup: " + data + " has no val split (the soup is chosen on val)");
        if (bnFaces < 0) throw new FerException("soup: --bn-faces must be >= 0, got " + bnFaces);
        if ((bnFaces > 0 || bnAugment) && !reestimateBn) throw new FerException("soup: --bn-faces and --bn-augment need --reestimate-bn");
        if (reestimateBn && !ds.splits().contains("train"))
            throw new FerException("soup: " + data + " has no train split (--reestimate-bn estimates batch-norm statistics on it)");
        for (Path m : models)
            if (Files.exists(m) && DeepModel.isRefit(ModelFile.meta(m)))
                throw new FerException("soup: " + m + " is a refit (trained on val), and the soup is chosen and scored on val");
        WeightSoup.BatchNormSource bn = reestimateBn ? new WeightSoup.BatchNormSource(ds.split("train"), bnFaces,
                bnAugment ? trainingAugmentation(models.get(0)) : Augmenter.NONE, seed) : null;
        WeightSoup.Result r = WeightSoup.make(models, ds.split("val"), !uniform, bn);
        Map<Path, Double> own = new LinkedHashMap<>();
        for (WeightSoup.Ingredient i : r.ingredients()) own.put(i.file(), i.valAccuracy());
        for (int k = 0; k < r.steps().size(); k++) {
            WeightSoup.Step s = r.steps().get(k);
            System.out.printf(Locale.ROOT, "  %-56s own val %.2f %%%s%n", s.file(), 100 * own.get(s.file()),
                    k == 0 ? (bn == null ? " (first)" : String.format(Locale.ROOT, " (first), with re-estimated batch norms %.2f %%", 100 * s.valAccuracy())) : String.format(Locale.ROOT, ", mean with it %.2f %% -> %s", 100 * s.valAccuracy(), s.kept() ? "kept" : "left out"));
        }
        System.out.printf(Locale.ROOT, "soup of %d of %d models: val %.2f %%%n", r.members().size(), r.ingredients().size(), 100 * r.valAccuracy());
        Path file = out.resolve(Trainer.BEST);
        ModelFile.save(file, r.graph(), WeightSoup.meta(r), false);
        DeepModel model = DeepModel.load(file); // what evaluate, predict and live will load
        MetricsReport rep = new MetricsReport("cnn-" + r.baseMeta().get("network") + "-soup", model.describe());
        rep.evaluate(model, ds, MetricsReport.reportSplits(ds), out);
        List<String> names = new ArrayList<>();
        for (Path p : models) names.add(p.toString());
        Map<String, Object> prov = Provenance.base("fer soup --models " + String.join(",", names) + " --data " + data + " --out " + out + (uniform ? " --uniform" : "")
                + (reestimateBn ? " --reestimate-bn" + (bnFaces > 0 ? " --bn-faces " + bnFaces : "") + (bnAugment ? " --bn-augment" : "") + " --seed " + seed : ""));
        prov.put("inputs", Map.of("data", ds.dir().toString(), "data_manifest_sha256", ds.manifestSha256()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("recipe", uniform ? "uniform" : "greedy");
        params.put("models", names);
        params.put("batch_norm", r.batchNorm() == null ? "averaged like the weights" : r.batchNorm());
        if (reestimateBn) params.put("seed", seed);
        prov.put("parameters", params);
        prov.put("wall_time_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        rep.put("provenance", prov);
        rep.write(out);
        System.out.println("wrote " + file + " and " + out.resolve("metrics.json"));
        model.close();
        return 0;
    }

    /** The augmentation a model file says it was trained with (its training configuration). */
    @SuppressWarnings("unchecked")
    static Augmenter trainingAugmentation(Path model) {
        Object t = ModelFile.meta(model).get("training");
        Object c = t instanceof Map<?, ?> tm ? tm.get("config") : null;
        if (!(c instanceof Map<?, ?> cm) || !(cm.get("augment") instanceof Map<?, ?>))
            throw new FerException("soup: " + model + " records no training augmentation (training.config.augment) for --bn-augment");
        return TrainConfig.fromMap((Map<String, Object>) cm).augment();
    }
}
