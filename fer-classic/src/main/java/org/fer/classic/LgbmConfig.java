package org.fer.classic;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One LightGBM multiclass configuration; rounds are capped by {@code maxRounds} and stopped early on val. */
public record LgbmConfig(int numLeaves, double learningRate, double featureFraction, int minDataInLeaf,
                         double lambdaL2, int maxBin, double baggingFraction, int maxRounds, int patience, int threads, long seed) {
    public static LgbmConfig defaults() {
        return new LgbmConfig(31, 0.1, 0.5, 20, 1.0, 63, 1.0, 1000, 30, 1, 42);
    }

    public LgbmConfig with(int leaves, double lr, double ff) {
        return new LgbmConfig(leaves, lr, ff, minDataInLeaf, lambdaL2, maxBin, baggingFraction, maxRounds, patience, threads, seed);
    }

    public LgbmConfig rounds(int max, int pat) {
        return new LgbmConfig(numLeaves, learningRate, featureFraction, minDataInLeaf, lambdaL2, maxBin, baggingFraction, max, pat, threads, seed);
    }

    public LgbmConfig bagging(double fraction, int bins) {
        return new LgbmConfig(numLeaves, learningRate, featureFraction, minDataInLeaf, lambdaL2, bins, fraction, maxRounds, patience, threads, seed);
    }

    /** Booster parameters in LightGBM's "key=value ..." form. Deterministic: fixed seeds, deterministic=true. */
    public String boosterParams() {
        return String.format(Locale.ROOT, "objective=multiclass num_class=7 metric=multi_error num_leaves=%d learning_rate=%s "
                        + "feature_fraction=%s min_data_in_leaf=%d lambda_l2=%s max_bin=%d num_threads=%d seed=%d deterministic=true "
                        + "force_col_wise=true verbosity=-1%s",
                numLeaves, learningRate, featureFraction, minDataInLeaf, lambdaL2, maxBin, threads, seed,
                baggingFraction < 1 ? String.format(Locale.ROOT, " bagging_fraction=%s bagging_freq=1 bagging_seed=%d", baggingFraction, seed) : "");
    }

    public String datasetParams() {
        return String.format(Locale.ROOT, "max_bin=%d num_threads=%d seed=%d verbosity=-1", maxBin, threads, seed);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_leaves", numLeaves);
        m.put("learning_rate", learningRate);
        m.put("feature_fraction", featureFraction);
        m.put("min_data_in_leaf", minDataInLeaf);
        m.put("lambda_l2", lambdaL2);
        m.put("max_bin", maxBin);
        m.put("bagging_fraction", baggingFraction);
        m.put("max_rounds", maxRounds);
        m.put("early_stopping_patience", patience);
        m.put("threads", threads);
        m.put("seed", seed);
        return m;
    }
}
