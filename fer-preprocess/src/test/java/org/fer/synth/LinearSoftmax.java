package org.fer.synth;

/** A plain multinomial logistic regression trained by mini-batch SGD: the "simple linear model" of the tests. */
final class LinearSoftmax {
    private LinearSoftmax() {}

    static float[][] train(float[][] x, int[] y, int classes, int epochs, float lr, float l2) {
        int d = x[0].length;
        float[][] w = new float[classes][d + 1];
        java.util.Random r = new java.util.Random(0);
        int[] order = java.util.stream.IntStream.range(0, x.length).toArray();
        float[] p = new float[classes];
        for (int e = 0; e < epochs; e++) {
            for (int i = order.length - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = order[i]; order[i] = order[j]; order[j] = t; }
            for (int i : order) {
                probs(w, x[i], p);
                for (int c = 0; c < classes; c++) {
                    float g = p[c] - (c == y[i] ? 1 : 0);
                    float[] wc = w[c];
                    for (int k = 0; k < d; k++) wc[k] -= lr * (g * x[i][k] + l2 * wc[k]);
                    wc[d] -= lr * g;
                }
            }
        }
        return w;
    }

    static void probs(float[][] w, float[] x, float[] out) {
        int d = x.length;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            float s = w[c][d];
            for (int k = 0; k < d; k++) s += w[c][k] * x[k];
            out[c] = s;
            max = Math.max(max, s);
        }
        float sum = 0;
        for (int c = 0; c < w.length; c++) { out[c] = (float) Math.exp(out[c] - max); sum += out[c]; }
        for (int c = 0; c < w.length; c++) out[c] /= sum;
    }

    static double accuracy(float[][] w, float[][] x, int[] y) {
        float[] p = new float[w.length];
        int ok = 0;
        for (int i = 0; i < x.length; i++) {
            probs(w, x[i], p);
            int best = 0;
            for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
            if (best == y[i]) ok++;
        }
        return ok / (double) x.length;
    }
}
