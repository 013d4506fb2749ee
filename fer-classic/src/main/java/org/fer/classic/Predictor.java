package org.fer.classic;

import java.util.Map;

/** The trained part of a classic model: features in, class probabilities out. Native ones free memory in close(). */
public interface Predictor extends AutoCloseable {
    /** {@code rows x 7} row-major probabilities of {@code rows x cols} row-major features. */
    double[] proba(float[] x, int rows, int cols);

    /** Model type and hyper-parameters for metrics.json. */
    Map<String, Object> describe();

    /** The files this predictor needs to be rebuilt: entry name to bytes (written into the model zip). */
    Map<String, byte[]> entries();

    @Override
    default void close() {}
}
