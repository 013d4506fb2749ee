package org.fer.classic;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trained LightGBM multiclass model (its best iteration) as a {@link Predictor}. */
public final class LgbmPredictor implements Predictor {
    public static final String TYPE = "lightgbm";
    public static final String ENTRY = "lightgbm.txt";

    private final LightGbm booster;
    private final int iterations;
    private final Map<String, Object> params;

    public LgbmPredictor(LightGbm booster, int iterations, Map<String, Object> params) {
        this.booster = booster;
        this.iterations = iterations;
        this.params = params;
    }

    public static LgbmPredictor load(byte[] modelText, Map<String, Object> params) {
        LightGbm b = LightGbm.fromString(new String(modelText, StandardCharsets.UTF_8));
        return new LgbmPredictor(b, 0, params);  // the saved text holds exactly the best iterations
    }

    public LightGbm booster() { return booster; }

    @Override
    public double[] proba(float[] x, int rows, int cols) {
        return booster.predictProba(x, rows, cols, iterations);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("hyper_parameters", params);
        return m;
    }

    @Override
    public Map<String, byte[]> entries() {
        return Map.of(ENTRY, booster.save(iterations).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() { booster.close(); }
}
