package org.fer.classic;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Train + report for LightGBM, shared by the command and the bench experiment. */
public final class LgbmRun {
    private LgbmRun() {}

    public static ClassicRun.Outcome run(String experiment, String command, FeatureInput in, Path out, List<LgbmConfig> grid,
                                         String classWeight, long seed, long t0) {
        FeatureMatrix train = in.split("train"), val = in.split("val");
        ClassWeights w = ClassWeights.of(classWeight, train.y());
        LgbmTrainer.Result r = LgbmTrainer.train(train, val, w, grid);
        Map<String, Object> sel = new LinkedHashMap<>();
        sel.put("criterion", "val accuracy (early stopping on val weighted multi_logloss)");
        sel.put("chosen", r.config().toJson());
        sel.put("best_iteration", r.bestIteration());
        try (ClassicModel model = new ClassicModel(in.pipeline(), r.predictor(), Map.of())) {
            return ClassicRun.finish(experiment, command, model, in, out, seed, w, r.grid(), sel, r.trainSeconds(), t0);
        }
    }
}
