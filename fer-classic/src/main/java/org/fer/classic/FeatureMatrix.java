package org.fer.classic;

/**
 * A dense row-major float matrix of {@code rows x cols} features with one label per row: one split of a
 * feature directory or of the flat image.
 */
public record FeatureMatrix(String name, float[] x, int rows, int cols, int[] y) {
    public FeatureMatrix {
        if ((long) rows * cols != x.length) throw new IllegalArgumentException(name + ": " + x.length + " values for " + rows + " x " + cols);
        if (y.length != rows) throw new IllegalArgumentException(name + ": " + y.length + " labels for " + rows + " rows");
    }

    public float get(int r, int c) { return x[r * cols + c]; }

    public double[] rowDoubles(int r) {
        double[] d = new double[cols];
        for (int c = 0; c < cols; c++) d[c] = x[r * cols + c];
        return d;
    }

    public FeatureMatrix subset(int[] idx) {
        float[] sx = new float[idx.length * cols];
        int[] sy = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(x, idx[k] * cols, sx, k * cols, cols);
            sy[k] = y[idx[k]];
        }
        return new FeatureMatrix(name, sx, idx.length, cols, sy);
    }

    public FeatureMatrix withX(float[] nx, int ncols) { return new FeatureMatrix(name, nx, rows, ncols, y); }
}
