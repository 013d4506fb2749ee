package org.fer.classic;

import org.fer.core.Emotion;
import smile.base.svm.KernelMachine;
import smile.base.svm.LASVM;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Exact RBF-kernel SVM with Smile 3.1.1: Smile's SVM is binary (LASVM), so this trains the 21 one-vs-one
 * problems in parallel, each with class-weighted box constraints (Cp = C w_i, Cn = C w_j). Prediction sums the
 * pairwise sigmoid(score) votes and normalises them to probabilities. Cost grows with the square of the rows.
 */
public final class KernelSvm implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int[][] pairs;
    private final List<KernelMachine<double[]>> machines;
    private final double gamma;

    private KernelSvm(int[][] pairs, List<KernelMachine<double[]>> machines, double gamma) {
        this.pairs = pairs;
        this.machines = machines;
        this.gamma = gamma;
    }

    public double gamma() { return gamma; }

    public int supportVectors() {
        int n = 0;
        for (KernelMachine<double[]> m : machines) n += m.vectors().length;
        return n;
    }

    public static KernelSvm fit(double[][] x, int[] y, double c, double gamma, double[] classWeight, double tol, long seed) {
        List<int[]> pl = new ArrayList<>();
        for (int i = 0; i < Emotion.COUNT; i++)
            for (int j = i + 1; j < Emotion.COUNT; j++) pl.add(new int[]{i, j});
        int[][] pairs = pl.toArray(int[][]::new);
        double sigma = Math.sqrt(1 / (2 * gamma));  // Smile: exp(-||x-y||^2 / (2 sigma^2))
        @SuppressWarnings("unchecked")
        KernelMachine<double[]>[] fitted = new KernelMachine[pairs.length];
        IntStream.range(0, pairs.length).parallel().forEach(p -> {
            int a = pairs[p][0], b = pairs[p][1];
            int[] idx = IntStream.range(0, y.length).filter(i -> y[i] == a || y[i] == b).toArray();
            if (idx.length == 0 || IntStream.of(idx).allMatch(i -> y[i] == a) || IntStream.of(idx).allMatch(i -> y[i] == b)) return;
            double[][] px = new double[idx.length][];
            int[] py = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                px[k] = x[idx[k]];
                py[k] = y[idx[k]] == a ? 1 : -1;
            }
            MathEx.setSeed(seed + p);  // LASVM permutes with Smile's per-thread generator
            LASVM<double[]> svm = new LASVM<>(new GaussianKernel(sigma), c * classWeight[a], c * classWeight[b], tol);
            fitted[p] = svm.fit(px, py, 1);
        });
        return new KernelSvm(pairs, java.util.Arrays.asList(fitted), gamma);
    }

    /** rows x 7 probabilities from pairwise sigmoid votes. */
    public double[] proba(double[][] x) {
        double[] out = new double[x.length * Emotion.COUNT];
        IntStream.range(0, x.length).parallel().forEach(r -> {
            int o = r * Emotion.COUNT;
            double total = 0;
            for (int p = 0; p < pairs.length; p++) {
                KernelMachine<double[]> m = machines.get(p);
                if (m == null) continue;
                double s = 1 / (1 + Math.exp(-m.score(x[r])));
                out[o + pairs[p][0]] += s;
                out[o + pairs[p][1]] += 1 - s;
                total += 1;
            }
            for (int c = 0; c < Emotion.COUNT; c++) out[o + c] = total > 0 ? out[o + c] / total : 1.0 / Emotion.COUNT;
        });
        return out;
    }
}
