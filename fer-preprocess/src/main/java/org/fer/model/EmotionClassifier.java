package org.fer.model;

import org.fer.core.Face48;

import java.util.List;
import java.util.Map;

/**
 * Any trained model that maps 48x48 faces to the seven class probabilities (SVM, LightGBM, DL4J network,
 * imported Keras network). Evaluation, bench and live treat every kind alike through this interface.
 * Implementations holding native resources release them in {@link #close()}.
 */
public interface EmotionClassifier extends AutoCloseable {
    /** One row of 7 probabilities (Emotion order, summing to 1) per face. Must be safe to call from one thread at a time. */
    float[][] predictProba(List<Face48> faces);

    /** Short description: kind, input, parameters. */
    Map<String, Object> describe();

    default int[] predict(List<Face48> faces) {
        return argmax(predictProba(faces));
    }

    /** The most probable class of each row (the first on a tie). */
    static int[] argmax(float[][] p) {
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) if (p[i][c] > p[i][best]) best = c;
            out[i] = best;
        }
        return out;
    }

    @Override
    default void close() {}
}
