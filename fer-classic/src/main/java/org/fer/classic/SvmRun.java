package org.fer.classic;

import org.fer.core.FerException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Train + report for the SVM, shared by {@code fer svm} and the bench experiments. */
public final class SvmRun {
    private SvmRun() {}

    public record Options(String kernel, String solver, List<Double> cs, List<Double> gammas, int rffDim, int gridRows,
                          int maxPasses, List<String> classWeight, long seed) {
        public Options {
            if (!kernel.equals("rbf") && !kernel.equals("linear")) throw new FerException("--kernel must be rbf or linear, got '" + kernel + "'");
            if (!solver.equals("rff") && !solver.equals("exact")) throw new FerException("--solver must be rff or exact, got '" + solver + "'");
            if (cs == null || cs.isEmpty() || cs.stream().anyMatch(c -> !(c > 0))) throw new FerException("--C values must be positive");
            if (gammas != null && gammas.stream().anyMatch(g -> !(g > 0))) throw new FerException("--gamma values must be positive");
            if (rffDim < 1 || maxPasses < 1) throw new FerException("--rff-dim and --max-passes must be positive");
        }

        String describe() {
            return String.format(Locale.ROOT, "--kernel %s --solver %s --C %s%s --rff-dim %d --grid-rows %d --max-passes %d --class-weight %s --seed %d",
                    kernel, solver, join(cs), gammas == null ? "" : " --gamma " + join(gammas), rffDim, gridRows, maxPasses, join(classWeight), seed);
        }
    }

    public static ClassicRun.Outcome run(String experiment, String command, FeatureInput in, Path out, Options o, long t0) {
        FeatureMatrix train = in.split("train"), val = in.split("val");
        List<ClassWeights> modes = o.classWeight().stream().map(m -> ClassWeights.of(m, train.y())).toList();
        List<Double> gammas = o.gammas();
        boolean scaleGamma = gammas == null || gammas.isEmpty();
        if (scaleGamma) gammas = List.of(1 / 16.0 / train.cols(), 0.25 / train.cols(), 1.0 / train.cols());
        List<SvmConfig> grid = new ArrayList<>();
        for (double c : o.cs()) {
            if (o.kernel().equals("linear")) grid.add(new SvmConfig("linear", "dual-cd", c, 0, 0, o.maxPasses(), 0.1, o.seed()));
            else for (double g : gammas) grid.add(new SvmConfig("rbf", o.solver(), c, g, o.rffDim(), o.maxPasses(), 0.1, o.seed()));
        }
        SvmTrainer.Result r = SvmTrainer.train(train, val, modes, grid, o.gridRows(), o.seed());
        Map<String, Object> sel = new LinkedHashMap<>();
        sel.put("criterion", "val accuracy of a fit on a stratified train subsample; winner refitted on all train rows");
        sel.put("grid_rows", r.gridRows());
        if (scaleGamma && o.kernel().equals("rbf")) sel.put("gamma_grid", "1/(16 D), 1/(4 D), 1/D on z-scored features, D = " + train.cols());
        sel.put("chosen", r.config().toJson());
        sel.put("chosen_class_weight", r.weights().mode());
        if (modes.size() > 1) sel.put("class_weight_search", "grid with " + modes.get(0).mode() + "; then the winning point with each of " + o.classWeight().subList(1, modes.size()));
        sel.put("grid_s", LgbmTrainer.round(r.gridSeconds()));
        sel.put("final_fit_rows", train.rows());
        sel.put("final_fit_s", LgbmTrainer.round(r.finalFitSeconds()));
        try (ClassicModel model = new ClassicModel(in.pipeline(), r.predictor(), Map.of())) {
            return ClassicRun.finish(experiment, command, model, in, out, o.seed(), r.weights(), r.grid(), sel, r.trainSeconds(), t0);
        }
    }

    private static String join(List<?> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }
}
