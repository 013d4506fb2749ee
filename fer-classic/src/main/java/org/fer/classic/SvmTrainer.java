package org.fer.classic;

import org.fer.core.Emotion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * SVM model selection: z-scoring fitted on the whole train split; every grid point trains on a seeded stratified
 * subsample of train and is scored on val; the best one is refitted on the whole train split.
 */
public final class SvmTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SvmTrainer.class);

    public record Result(SvmPredictor predictor, SvmConfig config, ClassWeights weights, List<Map<String, Object>> grid, int gridRows,
                         double gridSeconds, double finalFitSeconds, double trainSeconds) {}

    /**
     * Grid over {@code grid} with the first class-weight mode; then the winning (C, gamma) is also tried with each
     * further mode (a cheap coordinate step instead of the full product). The overall best is refitted on all rows.
     */
    public static Result train(FeatureMatrix train, FeatureMatrix val, List<ClassWeights> weightModes, List<SvmConfig> grid, int subsample, long seed) {
        long t0 = System.nanoTime();
        Standardizer scaler = Standardizer.fit(train);
        float[] trainZ = scaler.apply(train.x(), train.rows(), train.cols());
        float[] valZ = scaler.apply(val.x(), val.rows(), val.cols());
        int[] sub = stratifiedSample(train.y(), subsample, seed);
        FeatureMatrix subZ = train.withX(trainZ, train.cols()).subset(sub);
        FeatureMatrix valM = val.withX(valZ, val.cols());
        List<Map<String, Object>> rows = new ArrayList<>();
        SvmConfig best = null;
        ClassWeights weights = weightModes.get(0);
        double bestAcc = -1;
        Map<Double, float[][]> rffCache = new HashMap<>();
        if (grid.size() > 1 || weightModes.size() > 1) {
            List<SvmConfig> points = new ArrayList<>(grid);
            List<ClassWeights> modes = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) modes.add(weightModes.get(0));
            for (int k = 0; k < points.size(); k++) {
                SvmConfig cfg = points.get(k);
                ClassWeights w = modes.get(k);
                long c0 = System.nanoTime();
                try (SvmPredictor p = fit(cfg, scaler, subZ, w, rffCache, valM)) {
                    double acc = LgbmTrainer.accuracy(predictStandardised(p, valM, rffCache), val.y());
                    double secs = (System.nanoTime() - c0) / 1e9;
                    Map<String, Object> row = new LinkedHashMap<>(cfg.toJson());
                    row.put("class_weight", w.mode());
                    row.put("val_accuracy", LgbmTrainer.round(acc));
                    row.put("fit_rows", subZ.rows());
                    row.put("fit_s", LgbmTrainer.round(secs));
                    rows.add(row);
                    LOG.info("svm {} weights {} on {} rows: val accuracy {} ({} s)", cfg.toJson(), w.mode(), subZ.rows(), String.format(Locale.ROOT, "%.4f", acc), String.format(Locale.ROOT, "%.1f", secs));
                    if (acc > bestAcc) { bestAcc = acc; best = cfg; weights = w; }
                }
                if (k == grid.size() - 1)  // grid done: try the other weight modes at the winning point
                    for (int m = 1; m < weightModes.size(); m++) { points.add(best); modes.add(weightModes.get(m)); }
            }
        } else {
            best = grid.get(0);
        }
        rffCache.clear();
        double gridSecs = (System.nanoTime() - t0) / 1e9;
        long f0 = System.nanoTime();
        SvmPredictor finalModel = fit(best, scaler, train.withX(trainZ, train.cols()), weights, null, null);
        double finalSecs = (System.nanoTime() - f0) / 1e9;
        LOG.info("svm final fit {} weights {} on {} rows: {} s", best.toJson(), weights.mode(), train.rows(), String.format(Locale.ROOT, "%.1f", finalSecs));
        return new Result(finalModel, best, weights, rows, subZ.rows(), gridSecs, finalSecs, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Fits one configuration on already standardised rows. With a cache, the random-feature maps of the fit rows
     * and of {@code val} are kept per gamma (grid points share them).
     */
    static SvmPredictor fit(SvmConfig cfg, Standardizer scaler, FeatureMatrix z, ClassWeights weights, Map<Double, float[][]> cache, FeatureMatrix val) {
        switch (cfg.kernel()) {
            case "linear" -> {
                LinearSvm.Fit f = LinearSvm.fit(z.x(), z.rows(), z.cols(), z.y(), cfg.c(), weights.perClass(), cfg.maxPasses(), cfg.eps(), cfg.seed());
                return new SvmPredictor(cfg, scaler, null, f.model(), null);
            }
            case "rbf" -> {
                if (cfg.solver().equals("exact")) {
                    double[][] d = new double[z.rows()][];
                    for (int r = 0; r < z.rows(); r++) d[r] = z.rowDoubles(r);
                    return new SvmPredictor(cfg, scaler, null, null, KernelSvm.fit(d, z.y(), cfg.c(), cfg.gamma(), weights.perClass(), 1e-3, cfg.seed()));
                }
                RandomFourierFeatures rff = RandomFourierFeatures.create(z.cols(), cfg.rffDim(), cfg.gamma(), cfg.seed());
                float[] mapped;
                if (cache != null) {
                    float[][] e = cache.computeIfAbsent(cfg.gamma(), g -> new float[][]{rff.apply(z.x(), z.rows()), rff.apply(val.x(), val.rows())});
                    mapped = e[0];
                } else {
                    mapped = rff.apply(z.x(), z.rows());
                }
                LinearSvm.Fit f = LinearSvm.fit(mapped, z.rows(), cfg.rffDim(), z.y(), cfg.c(), weights.perClass(), cfg.maxPasses(), cfg.eps(), cfg.seed());
                return new SvmPredictor(cfg, scaler, rff, f.model(), null);
            }
            default -> throw new org.fer.core.FerException("--kernel must be rbf or linear, got '" + cfg.kernel() + "'");
        }
    }

    /** Val probabilities for standardised val rows, reusing the cached random-feature map when there is one. */
    private static double[] predictStandardised(SvmPredictor p, FeatureMatrix valZ, Map<Double, float[][]> cache) {
        SvmConfig cfg = p.config();
        if (cfg.kernel().equals("rbf") && cfg.solver().equals("rff") && cache.containsKey(cfg.gamma()))
            return p.linearModel().proba(cache.get(cfg.gamma())[1], valZ.rows());
        return p.probaStandardised(valZ.x(), valZ.rows(), valZ.cols());
    }

    /** A seeded stratified sample of about {@code n} rows (all rows when n >= size), sorted. */
    public static int[] stratifiedSample(int[] y, int n, long seed) {
        if (n <= 0 || n >= y.length) return IntStream.range(0, y.length).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < Emotion.COUNT; c++) {
            final int cls = c;
            int[] idx = IntStream.range(0, y.length).filter(i -> y[i] == cls).toArray();
            for (int i = idx.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            int take = (int) Math.round(idx.length * (double) n / y.length);
            if (idx.length > 0) take = Math.max(take, Math.min(idx.length, 2));
            for (int k = 0; k < take; k++) out.add(idx[k]);
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
