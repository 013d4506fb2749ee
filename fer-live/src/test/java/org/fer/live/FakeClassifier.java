package org.fer.live;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.model.EmotionClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A stand-in model: favours one fixed class, and records the size of every batch it is given. */
final class FakeClassifier implements EmotionClassifier {
    final Emotion favourite;
    final List<Integer> batches = new ArrayList<>();
    boolean closed;

    FakeClassifier(Emotion favourite) { this.favourite = favourite; }

    @Override
    public float[][] predictProba(List<Face48> faces) {
        batches.add(faces.size());
        float[][] p = new float[faces.size()][Emotion.COUNT];
        for (float[] row : p) {
            java.util.Arrays.fill(row, 0.4f / (Emotion.COUNT - 1));
            row[favourite.id()] = 0.6f;
        }
        return p;
    }

    @Override public Map<String, Object> describe() { return Map.of("kind", "fake", "favourite", favourite.label()); }

    @Override public void close() { closed = true; }
}
