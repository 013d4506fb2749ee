package org.fer.classic;

import org.fer.core.Emotion;
import org.fer.core.FerException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-class weights against FER2013's imbalance (Disgust is ~1.5 % of train, Happy ~25 %). "balanced" is
 * n / (k * count_c), as scikit-learn's class_weight="balanced"; "sqrt" its square root (a milder push);
 * "none" all ones. Neither LightGBM's C API nor the SVM solvers take class weights, so they become per-row weights.
 */
public record ClassWeights(String mode, double[] perClass) {
    public static ClassWeights of(String mode, int[] y) {
        int[] count = new int[Emotion.COUNT];
        for (int v : y) count[v]++;
        double[] w = new double[Emotion.COUNT];
        int present = 0;
        for (int c : count) if (c > 0) present++;
        for (int c = 0; c < w.length; c++) {
            double balanced = count[c] == 0 ? 0 : y.length / (double) (present * count[c]);
            w[c] = switch (mode.toLowerCase(Locale.ROOT)) {
                case "balanced" -> balanced;
                case "sqrt" -> Math.sqrt(balanced);
                case "none" -> count[c] == 0 ? 0 : 1;
                default -> throw new FerException("--class-weight must be balanced, sqrt or none, got '" + mode + "'");
            };
        }
        return new ClassWeights(mode.toLowerCase(Locale.ROOT), w);
    }

    public float[] rowWeights(int[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) out[i] = (float) perClass[y[i]];
        return out;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        Map<String, Object> w = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) w.put(e.label(), Math.round(perClass[e.id()] * 10000) / 10000.0);
        m.put("weights", w);
        return m;
    }
}
