package org.fer.classic;

import org.fer.core.Emotion;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One-vs-rest L2-regularised squared-hinge (L2-loss) linear SVM trained by dual coordinate descent (Hsieh et al.
 * 2008; liblinear's default solver), with a bias feature and per-row costs C * classWeight(y_i) for class imbalance.
 * The plain hinge loss (box-constrained dual) converged too slowly at C &gt;= 10 within a pass budget (val accuracy
 * collapsed to ~23 % on landmarks); the squared hinge is better conditioned.
 * Smile 3.1.1's SVM is a kernel machine (LASVM) even with a linear kernel, quadratic in the rows; this is linear.
 * The seven binary problems train in parallel. Scores are softmaxed into (uncalibrated) probabilities.
 */
public final class LinearSvm {
    /** weights: classes x (dim + 1), the last column the bias. */
    private final float[] weights;
    private final int dim;
    private int[] passes;  // solver passes per class (training only; not saved)

    public LinearSvm(float[] weights, int dim) {
        this.weights = weights;
        this.dim = dim;
    }

    /** Passes the solver made per one-vs-rest problem (== max passes: stopped before the tolerance); null when loaded. */
    public int[] passes() { return passes; }

    public float[] weights() { return weights; }
    public int dim() { return dim; }

    public record Fit(LinearSvm model, int[] passes) {}

    public static Fit fit(float[] x, int rows, int dim, int[] y, double c, double[] classWeight, int maxPasses, double eps, long seed) {
        float[] w = new float[Emotion.COUNT * (dim + 1)];
        int[] passes = new int[Emotion.COUNT];
        float[] qii = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = 1;  // bias feature
            for (int k = 0, o = i * dim; k < dim; k++) s += x[o + k] * x[o + k];
            qii[i] = (float) s;
        }
        IntStream.range(0, Emotion.COUNT).parallel().forEach(cls ->
                passes[cls] = binary(x, rows, dim, y, cls, c, classWeight, maxPasses, eps, seed + cls, qii, w, cls * (dim + 1)));
        LinearSvm m = new LinearSvm(w, dim);
        m.passes = passes;
        return new Fit(m, passes);
    }

    private static int binary(float[] x, int rows, int dim, int[] y, int cls, double c, double[] cw, int maxPasses, double eps,
                              long seed, float[] qii, float[] wAll, int wo) {
        double[] w = new double[dim + 1];
        double[] alpha = new double[rows];
        int[] order = IntStream.range(0, rows).toArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        int pass = 0;
        for (; pass < maxPasses; pass++) {
            for (int i = rows - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double maxPg = Double.NEGATIVE_INFINITY, minPg = Double.POSITIVE_INFINITY;
            for (int i : order) {
                if (qii[i] <= 0) continue;
                double yi = y[i] == cls ? 1 : -1;
                double dii = 0.5 / (c * cw[y[i]]);  // squared hinge: no upper bound, a diagonal term instead
                int o = i * dim;
                double dot = w[dim];
                for (int k = 0; k < dim; k++) dot += w[k] * x[o + k];
                double g = yi * dot - 1 + dii * alpha[i];
                double pg = alpha[i] == 0 ? Math.min(g, 0) : g;
                maxPg = Math.max(maxPg, pg);
                minPg = Math.min(minPg, pg);
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[i];
                    alpha[i] = Math.max(old - g / (qii[i] + dii), 0);
                    double d = (alpha[i] - old) * yi;
                    for (int k = 0; k < dim; k++) w[k] += d * x[o + k];
                    w[dim] += d;
                }
            }
            if (maxPg - minPg < eps) { pass++; break; }
        }
        for (int k = 0; k <= dim; k++) wAll[wo + k] = (float) w[k];
        return pass;
    }

    /** rows x 7 decision values. */
    public double[] scores(float[] x, int rows) {
        double[] out = new double[rows * Emotion.COUNT];
        IntStream.range(0, rows).parallel().forEach(r -> {
            int o = r * dim;
            for (int cls = 0; cls < Emotion.COUNT; cls++) {
                int wo = cls * (dim + 1);
                double s = weights[wo + dim];
                for (int k = 0; k < dim; k++) s += weights[wo + k] * x[o + k];
                out[r * Emotion.COUNT + cls] = s;
            }
        });
        return out;
    }

    /** Softmax of the decision values, row by row. */
    public double[] proba(float[] x, int rows) {
        return softmax(scores(x, rows), rows);
    }

    static double[] softmax(double[] s, int rows) {
        for (int r = 0; r < rows; r++) {
            int o = r * Emotion.COUNT;
            double m = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < Emotion.COUNT; c++) m = Math.max(m, s[o + c]);
            for (int c = 0; c < Emotion.COUNT; c++) sum += s[o + c] = Math.exp(s[o + c] - m);
            for (int c = 0; c < Emotion.COUNT; c++) s[o + c] /= sum;
        }
        return s;
    }
}
