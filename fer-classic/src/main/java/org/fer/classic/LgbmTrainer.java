package org.fer.classic;

import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import org.fer.cli.Progress;
import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LightGBM grid search: every configuration (booster parameters x class-weight mode) trains on the whole train
 * split with per-row class weights and stops early on val's (unweighted) multi_error, i.e. val accuracy; the
 * configuration with the best val accuracy wins. Early stopping on a weighted logloss stopped far too early here
 * (the 9x-weighted Disgust rows over-fit first). The native datasets are built once and shared (only the weight
 * field changes between modes); every losing booster is closed as soon as it lost.
 */
public final class LgbmTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LgbmTrainer.class);

    public record Result(LgbmPredictor predictor, LgbmConfig config, ClassWeights weights, int bestIteration, List<Map<String, Object>> grid, double trainSeconds) {}

    public static Result train(FeatureMatrix train, FeatureMatrix val, List<ClassWeights> weightModes, List<LgbmConfig> grid) {
        if (grid.isEmpty()) throw new IllegalArgumentException("empty grid");
        long t0 = System.nanoTime();
        LgbmConfig first = grid.get(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        LightGbm best = null;
        LgbmConfig bestCfg = null;
        ClassWeights bestW = null;
        int bestIter = 0;
        double bestAcc = -1;
        try (LGBMDataset dTrain = LightGbm.dataset(train, weightModes.get(0).rowWeights(train.y()), first.datasetParams(), null);
             LGBMDataset dVal = LightGbm.dataset(val, null, first.datasetParams(), dTrain)) {
            for (ClassWeights weights : weightModes)
            for (LgbmConfig cfg : grid) {
                dTrain.setField("weight", weights.rowWeights(train.y()));  // read by the booster when it is created
                long c0 = System.nanoTime();
                LightGbm g = LightGbm.create(dTrain, cfg.boosterParams());
                try {
                    g.addValid(dVal);
                    int bestRound = 0;
                    double bestErr = Double.POSITIVE_INFINITY;
                    try (Progress p = new Progress(String.format(Locale.ROOT, "lgbm leaves=%d lr=%s ff=%s w=%s", cfg.numLeaves(), cfg.learningRate(), cfg.featureFraction(), weights.mode()), cfg.maxRounds())) {
                        for (int r = 1; r <= cfg.maxRounds(); r++) {
                            boolean more = g.step();
                            double err = g.eval(1);
                            if (err < bestErr - 1e-9) { bestErr = err; bestRound = r; }
                            p.status(String.format(Locale.ROOT, "val error %.4f (best %.4f @%d)", err, bestErr, bestRound));
                            p.step(1);
                            if (!more || r - bestRound >= cfg.patience()) break;
                        }
                    }
                    double acc = accuracy(g.predictProba(val.x(), val.rows(), val.cols(), bestRound), val.y());
                    double secs = (System.nanoTime() - c0) / 1e9;
                    Map<String, Object> row = new LinkedHashMap<>(cfg.toJson());
                    row.put("best_iteration", bestRound);
                    row.put("rounds_run", g.iterations());
                    row.put("class_weight", weights.mode());
                    row.put("val_accuracy", round(acc));
                    row.put("train_s", round(secs));
                    rows.add(row);
                    LOG.info("lgbm {}: val accuracy {} at iteration {} ({} s)", cfg.toJson(), String.format(Locale.ROOT, "%.4f", acc), bestRound, String.format(Locale.ROOT, "%.1f", secs));
                    if (acc > bestAcc) {
                        if (best != null) best.close();
                        best = g;
                        bestCfg = cfg;
                        bestW = weights;
                        bestIter = bestRound;
                        bestAcc = acc;
                        g = null;
                    }
                } finally {
                    if (g != null) g.close();
                }
            }
        } catch (LGBMException e) {
            if (best != null) best.close();
            throw new FerException("LightGBM: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (best != null) best.close();
            throw e;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> hyper = withIteration(bestCfg, bestIter);
        hyper.put("class_weight", bestW.mode());
        return new Result(new LgbmPredictor(best, bestIter, hyper), bestCfg, bestW, bestIter, rows, secs);
    }

    private static Map<String, Object> withIteration(LgbmConfig cfg, int it) {
        Map<String, Object> m = new LinkedHashMap<>(cfg.toJson());
        m.put("best_iteration", it);
        return m;
    }

    static double accuracy(double[] proba, int[] y) {
        int ok = 0;
        for (int i = 0; i < y.length; i++) if (argmax(proba, i) == y[i]) ok++;
        return y.length == 0 ? 0 : ok / (double) y.length;
    }

    static int argmax(double[] proba, int row) {
        int base = row * Emotion.COUNT, best = 0;
        for (int c = 1; c < Emotion.COUNT; c++) if (proba[base + c] > proba[base + best]) best = c;
        return best;
    }

    static double round(double v) { return Math.round(v * 10000) / 10000.0; }
}
