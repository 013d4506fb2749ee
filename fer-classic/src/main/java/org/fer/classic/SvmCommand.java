package org.fer.classic;

import org.fer.core.FerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fer svm}: SVM on a feature directory (or the flat image). */
@Command(name = "svm", mixinStandardHelpOptions = true,
        description = "SVM (RBF or linear) on a feature directory: z-scored on train, class-weighted, grid on a train subsample scored on val, final fit on all of train, every test split evaluated.")
public final class SvmCommand implements Callable<Integer> {
    @Option(names = "--features", required = true, description = "Feature directory (<split>_x.npy, <split>_y.npy, manifest.json), or 'flat' with --data.")
    String features;
    @Option(names = "--data", description = "Processed directory (for --features flat).")
    Path data;
    @Option(names = "--out", required = true, description = "Output directory (metrics.json, confusion PNGs, model.classic.zip).")
    Path out;
    @Option(names = "--kernel", defaultValue = "rbf", description = "rbf or linear (default ${DEFAULT-VALUE}).")
    String kernel;
    @Option(names = "--solver", defaultValue = "rff", description = "For rbf: rff (random Fourier features + linear SVM; linear in rows) or exact (Smile LASVM one-vs-one; quadratic) (default ${DEFAULT-VALUE}).")
    String solver;
    @Option(names = "--C", split = ",", defaultValue = "0.1,1,10", description = "Grid: C values (default ${DEFAULT-VALUE}).")
    List<Double> cs;
    @Option(names = "--gamma", split = ",", description = "Grid: RBF gamma values on z-scored features (default 1/(16D),1/(4D),1/D with D the feature dimension).")
    List<Double> gammas;
    @Option(names = "--rff-dim", defaultValue = "4000", description = "Random Fourier features (default ${DEFAULT-VALUE}).")
    int rffDim;
    @Option(names = "--grid-rows", defaultValue = "6000", description = "Stratified train subsample for the grid; the final fit uses all rows (default ${DEFAULT-VALUE}).")
    int gridRows;
    @Option(names = "--max-passes", defaultValue = "40", description = "Linear solver passes cap (default ${DEFAULT-VALUE}).")
    int maxPasses;
    @Option(names = "--class-weight", split = ",", defaultValue = "balanced,sqrt,none", description = "Class-weight modes (balanced, sqrt, none): the grid runs with the first, the winner is then tried with the others (default ${DEFAULT-VALUE}).")
    List<String> classWeight;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--experiment", defaultValue = "svm", description = "Experiment id written into metrics.json (default ${DEFAULT-VALUE}).")
    String experiment;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        FeatureInput in = FeatureInput.open(features, data);
        SvmRun.Options o = new SvmRun.Options(kernel, solver, cs, gammas, rffDim, gridRows, maxPasses, classWeight, seed);
        String cmd = "fer svm --features " + features + (data != null ? " --data " + data : "") + " --out " + out + " " + o.describe();
        SvmRun.run(experiment, cmd, in, out, o, t0);
        return 0;
    }
}
