package org.fer.deep;

import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.experiment.MetricsReport;
import org.fer.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        DeepRuntime.init();
        ProcessedDataset ds = ProcessedDataset.open(data);
        if (!ds.splits().contains("val")) throw new FerException("soup: " + data + " has no val split (the soup is chosen on val)");
        WeightSoup.Result r = WeightSoup.make(models, ds.split("val"), !uniform);
        Map<Path, Double> own = new LinkedHashMap<>();
        for (WeightSoup.Ingredient i : r.ingredients()) own.put(i.file(), i.valAccuracy());
        for (int k = 0; k < r.steps().size(); k++) {
            WeightSoup.Step s = r.steps().get(k);
            System.out.printf(Locale.ROOT, "  %-56s own val %.2f %%%s%n", s.file(), 100 * own.get(s.file()),
                    k == 0 ? " (first)" : String.format(Locale.ROOT, ", mean with it %.2f %% -> %s", 100 * s.valAccuracy(), s.kept() ? "kept" : "left out"));
        }
        System.out.printf(Locale.ROOT, "soup of %d of %d models: val %.2f %%%n", r.members().size(), r.ingredients().size(), 100 * r.valAccuracy());
        Path file = out.resolve(Trainer.BEST);
        ModelFile.save(file, r.graph(), WeightSoup.meta(r), false);
        DeepModel model = DeepModel.load(file); // what evaluate, predict and live will load
        MetricsReport rep = new MetricsReport("cnn-" + r.baseMeta().get("network") + "-soup", model.describe());
        rep.evaluate(model, ds, MetricsReport.reportSplits(ds), out);
        List<String> names = new ArrayList<>();
        for (Path p : models) names.add(p.toString());
        Map<String, Object> prov = Provenance.base("fer soup --models " + String.join(",", names) + " --data " + data + " --out " + out + (uniform ? " --uniform" : ""));
        prov.put("inputs", Map.of("data", ds.dir().toString(), "data_manifest_sha256", ds.manifestSha256()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("recipe", uniform ? "uniform" : "greedy");
        params.put("models", names);
        prov.put("parameters", params);
        prov.put("wall_time_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        rep.put("provenance", prov);
        rep.write(out);
        System.out.println("wrote " + file + " and " + out.resolve("metrics.json"));
        model.close();
        return 0;
    }
}
