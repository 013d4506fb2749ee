package org.fer.classic;

/** Per-feature z-scoring fitted on train only; constant features are left centred (std taken as 1). */
public record Standardizer(float[] mean, float[] std) {
    public static Standardizer fit(FeatureMatrix m) {
        int d = m.cols();
        double[] sum = new double[d], sq = new double[d];
        for (int r = 0; r < m.rows(); r++)
            for (int c = 0, o = r * d; c < d; c++) {
                double v = m.x()[o + c];
                sum[c] += v;
                sq[c] += v * v;
            }
        float[] mean = new float[d], std = new float[d];
        for (int c = 0; c < d; c++) {
            double mu = sum[c] / Math.max(1, m.rows());
            double var = Math.max(0, sq[c] / Math.max(1, m.rows()) - mu * mu);
            mean[c] = (float) mu;
            std[c] = var < 1e-12 ? 1f : (float) Math.sqrt(var);
        }
        return new Standardizer(mean, std);
    }

    public float[] apply(float[] x, int rows, int cols) {
        if (cols != mean.length) throw new org.fer.core.FerException("scaler expects " + mean.length + " features, got " + cols);
        float[] out = new float[x.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0, o = r * cols; c < cols; c++) out[o + c] = (x[o + c] - mean[c]) / std[c];
        return out;
    }
}
