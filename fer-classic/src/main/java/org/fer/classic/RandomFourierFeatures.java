package org.fer.classic;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Rahimi &amp; Recht's random Fourier features for the RBF kernel exp(-gamma ||x - y||^2):
 * z(x) = sqrt(2/D) cos(W x + b), W ~ N(0, 2 gamma), b ~ U(0, 2 pi). A linear SVM on z approximates the kernel SVM
 * at a cost linear in the number of rows, where an exact kernel SVM is quadratic.
 */
public record RandomFourierFeatures(int inputDim, int outputDim, double gamma, long seed, float[] w, float[] b) {
    public static RandomFourierFeatures create(int inputDim, int outputDim, double gamma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[outputDim * inputDim];
        double sd = Math.sqrt(2 * gamma);
        for (int i = 0; i < w.length; i++) w[i] = (float) (gaussian(r) * sd);
        float[] b = new float[outputDim];
        for (int i = 0; i < outputDim; i++) b[i] = (float) (r.nextDouble() * 2 * Math.PI);
        return new RandomFourierFeatures(inputDim, outputDim, gamma, seed, w, b);
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Maps {@code rows x inputDim} to {@code rows x outputDim}; rows in parallel. */
    public float[] apply(float[] x, int rows) {
        float[] out = new float[rows * outputDim];
        float scale = (float) Math.sqrt(2.0 / outputDim);
        IntStream.range(0, rows).parallel().forEach(r -> {
            int xo = r * inputDim, oo = r * outputDim;
            for (int k = 0; k < outputDim; k++) {
                int wo = k * inputDim;
                // four partial sums: independent chains the JIT can pipeline
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int c = 0;
                for (; c + 3 < inputDim; c += 4) {
                    s0 += w[wo + c] * x[xo + c];
                    s1 += w[wo + c + 1] * x[xo + c + 1];
                    s2 += w[wo + c + 2] * x[xo + c + 2];
                    s3 += w[wo + c + 3] * x[xo + c + 3];
                }
                for (; c < inputDim; c++) s0 += w[wo + c] * x[xo + c];
                out[oo + k] = scale * (float) Math.cos(b[k] + (s0 + s1) + (s2 + s3));
            }
        });
        return out;
    }
}
