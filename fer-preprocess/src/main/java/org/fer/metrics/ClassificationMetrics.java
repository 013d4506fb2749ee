package org.fer.metrics;

import org.fer.core.Emotion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accuracy, per-class precision / recall / F1 / support and the confusion matrix (rows = truth,
 * columns = prediction) of one split. A class with no predictions has precision 0, as scikit-learn reports.
 */
public record ClassificationMetrics(int[][] confusion) {

    public static ClassificationMetrics of(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        int[][] cm = new int[Emotion.COUNT][Emotion.COUNT];
        for (int i = 0; i < truth.length; i++) cm[truth[i]][predicted[i]]++;
        return new ClassificationMetrics(cm);
    }

    public int total() {
        int t = 0;
        for (int[] row : confusion) for (int v : row) t += v;
        return t;
    }

    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < Emotion.COUNT; c++) correct += confusion[c][c];
        return total() == 0 ? 0 : (double) correct / total();
    }

    public int support(int c) {
        int s = 0;
        for (int v : confusion[c]) s += v;
        return s;
    }

    public int predictedCount(int c) {
        int s = 0;
        for (int[] row : confusion) s += row[c];
        return s;
    }

    public double precision(int c) {
        int p = predictedCount(c);
        return p == 0 ? 0 : (double) confusion[c][c] / p;
    }

    public double recall(int c) {
        int s = support(c);
        return s == 0 ? 0 : (double) confusion[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < Emotion.COUNT; c++) s += f1(c);
        return s / Emotion.COUNT;
    }

    /** The form every metrics.json uses for one split. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", total());
        m.put("accuracy", round(accuracy()));
        m.put("macro_f1", round(macroF1()));
        Map<String, Object> per = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("precision", round(precision(e.id())));
            c.put("recall", round(recall(e.id())));
            c.put("f1", round(f1(e.id())));
            c.put("support", support(e.id()));
            per.put(e.label(), c);
        }
        m.put("per_class", per);
        m.put("labels", Emotion.labels());
        m.put("confusion", confusion);
        return m;
    }

    private static double round(double v) { return Math.round(v * 1e6) / 1e6; }
}
