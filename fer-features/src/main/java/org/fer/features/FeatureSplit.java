package org.fer.features;

/**
 * One split of a feature directory: {@code n} rows of {@code dim} floats (row-major in {@code x}),
 * labels {@code y} (0..6, {@link org.fer.core.Emotion} order) and {@code rows}, each row's data-row index
 * in the source CSV (carried over from the processed dataset).
 */
public record FeatureSplit(String name, int n, int dim, float[] x, int[] y, int[] rows) {
    public FeatureSplit {
        if (x.length != (long) n * dim) throw new IllegalArgumentException(name + ": x has " + x.length + " values, expected " + n + " x " + dim);
        if (y.length != n) throw new IllegalArgumentException(name + ": " + y.length + " labels for " + n + " rows");
        if (rows.length != n) throw new IllegalArgumentException(name + ": " + rows.length + " row ids for " + n + " rows");
    }

    public int size() { return n; }

    /** A copy of row i. */
    public float[] row(int i) {
        float[] r = new float[dim];
        System.arraycopy(x, i * dim, r, 0, dim);
        return r;
    }

    /** Rows as float[n][dim] (copies). */
    public float[][] toMatrix() {
        float[][] m = new float[n][];
        for (int i = 0; i < n; i++) m[i] = row(i);
        return m;
    }

    /** Rows as double[n][dim] (the form Smile's classifiers take). */
    public double[][] toDoubleMatrix() {
        double[][] m = new double[n][dim];
        for (int i = 0; i < n; i++) {
            double[] r = m[i];
            int o = i * dim;
            for (int j = 0; j < dim; j++) r[j] = x[o + j];
        }
        return m;
    }
}
