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
    @Option(names = "--bagging-fraction", defaultValue = "1.0", description = "Row subsample per round (bagging_freq=1 when < 1; default ${DEFAULT-VALUE}).")
    double bagging;
    @Option(names = "--max-bin", defaultValue = "63", description = "Histogram bins per feature (default ${DEFAULT-VALUE}).")
    int maxBin;
    @Option(names = "--max-rounds", defaultValue = "1000", description = "Boosting rounds cap (default ${DEFAULT-VALUE}).")
    int maxRounds;
    @Option(names = "--patience", defaultValue = "30", description = "Early stopping: rounds without val improvement (default ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--class-weight", split = ",", defaultValue = "balanced,sqrt", description = "Grid: class-weight modes, each of balanced, sqrt, none (default ${DEFAULT-VALUE}).")
    List<String> classWeight;
    @Option(names = "--threads", defaultValue = "1", description = "LightGBM OpenMP threads (default ${DEFAULT-VALUE}: on a shared, busy machine 2 spinning OpenMP threads ran 6x slower than 1).")
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
        List<LgbmConfig> grid = grid(LgbmConfig.defaults().rounds(maxRounds, patience).bagging(bagging, maxBin), leaves, learningRates, featureFractions, threads, seed);
        String cmd = "fer lgbm --input " + input + (data != null ? " --data " + data : "") + " --out " + out + " --leaves " + join(leaves)
                + " --learning-rate " + join(learningRates) + " --feature-fraction " + join(featureFractions) + " --max-rounds " + maxRounds
                + " --patience " + patience + " --bagging-fraction " + bagging + " --max-bin " + maxBin + " --class-weight " + join(classWeight) + " --seed " + seed;
        LgbmRun.run(experiment, cmd, in, out, grid, classWeight, seed, t0);
        return 0;
    }

    static List<LgbmConfig> grid(LgbmConfig base, List<Integer> leaves, List<Double> lrs, List<Double> ffs, int threads, long seed) {
        List<LgbmConfig> out = new ArrayList<>();
        for (int l : leaves)
            for (double lr : lrs)
                for (double ff : ffs) {
                    if (l < 2 || lr <= 0 || ff <= 0 || ff > 1 || base.baggingFraction() <= 0 || base.baggingFraction() > 1) throw new FerException(String.format(Locale.ROOT, "bad LightGBM grid point leaves=%d lr=%s ff=%s", l, lr, ff));
                    out.add(new LgbmConfig(l, lr, ff, base.minDataInLeaf(), base.lambdaL2(), base.maxBin(), base.baggingFraction(), base.maxRounds(), base.patience(), threads, seed));
                }
        return out;
    }

    private static String join(List<?> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }
}
