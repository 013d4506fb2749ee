package org.fer.classic;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Train + report for LightGBM, shared by the command and the bench experiment. */
public final class LgbmRun {
    private LgbmRun() {}

    public static ClassicRun.Outcome run(String experiment, String command, FeatureInput in, Path out, List<LgbmConfig> grid,
                                         List<String> classWeights, long seed, long t0) {
        FeatureMatrix train = in.split("train"), val = in.split("val");
        List<ClassWeights> modes = classWeights.stream().map(m -> ClassWeights.of(m, train.y())).toList();
        LgbmTrainer.Result r = LgbmTrainer.train(train, val, modes, grid);
        Map<String, Object> sel = new LinkedHashMap<>();
        sel.put("criterion", "val accuracy (early stopping on unweighted val multi_error)");
        sel.put("chosen", r.config().toJson());
        sel.put("chosen_class_weight", r.weights().mode());
        sel.put("best_iteration", r.bestIteration());
        try (ClassicModel model = new ClassicModel(in.pipeline(), r.predictor(), Map.of())) {
            return ClassicRun.finish(experiment, command, model, in, out, seed, r.weights(), r.grid(), sel, r.trainSeconds(), t0);
        }
    }
}
