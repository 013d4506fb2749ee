package org.fer.classic;

import org.fer.core.FerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fer lgbm}: LightGBM on the flat image or on any feature directory. */
@Command(name = "lgbm", mixinStandardHelpOptions = true,
        description = "LightGBM (multiclass) on the flat image or a feature directory: grid chosen on val, early stopping on val, every test split evaluated.")
public final class LgbmCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "'flat' (pixels of --data) or a feature directory (<split>_x.npy, <split>_y.npy, manifest.json).")
    String input;
    @Option(names = "--data", description = "Processed directory (for --input flat).")
    Path data;
    @Option(names = "--out", required = true, description = "Output directory (metrics.json, confusion PNGs, model.classic.zip).")
    Path out;
    @Option(names = "--leaves", split = ",", defaultValue = "31,63", description = "Grid: num_leaves values (default ${DEFAULT-VALUE}).")
    List<Integer> leaves;
    @Option(names = "--learning-rate", split = ",", defaultValue = "0.1", description = "Grid: learning rates (default ${DEFAULT-VALUE}).")
    List<Double> learningRates;
    @Option(names = "--feature-fraction", split = ",", defaultValue = "0.3", description = "Grid: feature_fraction values (default ${DEFAULT-VALUE}).")
    List<Double> featureFractions;
    @Option(names = "--max-rounds", defaultValue = "1000", description = "Boosting rounds cap (default ${DEFAULT-VALUE}).")
    int maxRounds;
    @Option(names = "--patience", defaultValue = "30", description = "Early stopping: rounds without val improvement (default ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--class-weight", defaultValue = "balanced", description = "balanced, sqrt or none (default ${DEFAULT-VALUE}).")
    String classWeight;
    @Option(names = "--threads", defaultValue = "2", description = "LightGBM threads (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--experiment", defaultValue = "lgbm", description = "Experiment id written into metrics.json (default ${DEFAULT-VALUE}).")
    String experiment;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        if (maxRounds < 1 || patience < 1) throw new FerException("--max-rounds and --patience must be positive");
        FeatureInput in = FeatureInput.open(input, data);
        List<LgbmConfig> grid = grid(LgbmConfig.defaults().rounds(maxRounds, patience), leaves, learningRates, featureFractions, threads, seed);
        String cmd = "fer lgbm --input " + input + (data != null ? " --data " + data : "") + " --out " + out + " --leaves " + join(leaves)
                + " --learning-rate " + join(learningRates) + " --feature-fraction " + join(featureFractions) + " --max-rounds " + maxRounds
                + " --patience " + patience + " --class-weight " + classWeight + " --seed " + seed;
        LgbmRun.run(experiment, cmd, in, out, grid, classWeight, seed, t0);
        return 0;
    }

    static List<LgbmConfig> grid(LgbmConfig base, List<Integer> leaves, List<Double> lrs, List<Double> ffs, int threads, long seed) {
        List<LgbmConfig> out = new ArrayList<>();
        for (int l : leaves)
            for (double lr : lrs)
                for (double ff : ffs) {
                    if (l < 2 || lr <= 0 || ff <= 0 || ff > 1) throw new FerException(String.format(Locale.ROOT, "bad LightGBM grid point leaves=%d lr=%s ff=%s", l, lr, ff));
                    out.add(new LgbmConfig(l, lr, ff, base.minDataInLeaf(), base.lambdaL2(), base.maxBin(), base.maxRounds(), base.patience(), threads, seed));
                }
        return out;
    }

    private static String join(List<?> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }
}
